package components

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
)

// maxEcsName is the longest ECS task family, service, container or volume name.
const maxEcsName = 255

// ecsNamePattern is what ECS accepts as a task family, a service name, a container name and a
// volume name: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are
// allowed" (AWS SDK for Go v2, service/ecs/api_op_RegisterTaskDefinition.go Family,
// api_op_CreateService.go ServiceName, types/types.go ContainerDefinition.Name and Volume.Name;
// aws-facts C4).
var ecsNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

var ecsNameInvalid = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// ValidateEcsName reports whether ECS accepts name as a task family, service, container or volume
// name (aws-facts C4).
func ValidateEcsName(name string) error {
	if !ecsNamePattern.MatchString(name) {
		return fmt.Errorf("%q is not an ECS name: 1 to %d letters, digits, _ or - (aws-facts C4)", name, maxEcsName)
	}
	return nil
}

// TaskFamily is the task definition family of service in a project's stack:
// <project>-<stack>-<service>. Pulumi project and stack names may hold `.`, which ECS refuses in a
// family (aws-facts C4), so a name ECS would refuse has every other character replaced by `-`, is
// cut to fit and gets the first 8 hex digits of the SHA-256 of the unsafe name: stacks dev.eu and
// dev-eu in one account then keep families of their own. A name ECS accepts is returned unchanged,
// so stacks deployed before this rule keep their family and their task definitions.
func TaskFamily(project, stack, service string) string {
	raw := project + "-" + stack + "-" + service
	if ValidateEcsName(raw) == nil {
		return raw
	}
	sum := sha256.Sum256([]byte(raw))
	suffix := "-" + hex.EncodeToString(sum[:])[:8]
	clean := ecsNameInvalid.ReplaceAllString(raw, "-")
	if len(clean) > maxEcsName-len(suffix) {
		clean = clean[:maxEcsName-len(suffix)]
	}
	return clean + suffix
}
