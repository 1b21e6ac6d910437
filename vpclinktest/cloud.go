package vpclinktest

import (
	"github.com/vpclink/vpclink/internal/offline"
)

// Resource is one registration a program made (plan.Resource).
type Resource = offline.Resource

// Output is a resolved stack output (plan.Output).
type Output = offline.Output

// Timeouts are a Resource's custom timeouts (plan.Timeouts).
type Timeouts = offline.Timeouts

// Cloud is the offline AWS: a pulumi.MockResourceMonitor that answers each registration with
// the id and outputs AWS would give it (derived from the URN, so the same program gives the same
// answers, byte for byte), answers the lookups vpclink's components make (Region, account,
// partition, zones, route tables, an existing VPC), and records every registration. Use it with
// pulumi.WithMocks(cloud.Project, cloud.Stack, cloud), then read Resources.
//
// Set Invokes to answer, or answer differently, a data-source token: the cloud fails loudly on a
// resource type or invoke it does not know rather than inventing an answer.
type Cloud = offline.Cloud

// InvokeFunc answers one invoke token of a Cloud.
type InvokeFunc = offline.InvokeFunc

// DefaultAccountID is the account the offline resources live in.
const DefaultAccountID = offline.DefaultAccountID

// NewCloud returns an empty offline cloud for a project, stack and Region. Empty values default
// to "project", "dev" and "us-east-1".
func NewCloud(project, stack, region string) *Cloud {
	return offline.New(or(project, "project"), or(stack, "dev"), or(region, "us-east-1"))
}

// Zones returns the availability zone names and zone IDs of a Region in the offline cloud.
// us-east-1 has use1-az3, where HTTP API VPC links are not supported, as real accounts do.
func Zones(region string) (names, ids []string) { return offline.Zones(region) }

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
