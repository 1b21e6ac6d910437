package plan

import (
	"fmt"
	"strings"

	"github.com/vpclink/vpclink/awsspec"
	"github.com/vpclink/vpclink/internal/offline"
)

// ConstraintError is a plan whose program registered values AWS refuses (the awsspec table).
// Config validation refuses every user input that could lead there, so this is a bug in vpclink,
// not a finding about the stack: the plan fails instead of reporting it.
type ConstraintError struct {
	Violations []ResourceViolation
}

// ResourceViolation is one violation of the awsspec table, with the resource's URN.
type ResourceViolation struct {
	URN string
	awsspec.Violation
}

func (e *ConstraintError) Error() string {
	lines := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		lines[i] = fmt.Sprintf("%s: %s = %q breaks %s (%s: %s); AWS would answer %q [%s]",
			v.URN, v.Property, v.Value, v.Rule, awsspec.ByID(v.Rule).What, v.Constraint, v.AWSError, v.Source)
	}
	return fmt.Sprintf("bug in vpclink: the program sends AWS %d value(s) it refuses:\n  %s", len(lines), strings.Join(lines, "\n  "))
}

// checkConstraints checks every registered custom resource, and every component a provider
// constructs (awsx), against the awsspec table.
func checkConstraints(resources []offline.Resource) error {
	var vs []ResourceViolation
	for _, r := range resources {
		if !r.Custom && !r.Remote {
			continue
		}
		for _, v := range awsspec.CheckResource(r.Type, r.Inputs, r.Name) {
			vs = append(vs, ResourceViolation{URN: r.URN, Violation: v})
		}
	}
	if len(vs) == 0 {
		return nil
	}
	return &ConstraintError{Violations: vs}
}
