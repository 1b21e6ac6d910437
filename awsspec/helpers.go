package awsspec

import (
	"fmt"
)

// AutonameError is a logical name the provider cannot make a name from.
type AutonameError struct {
	Rule    *Rule
	Logical string
	Message string
}

func (e *AutonameError) Error() string {
	return fmt.Sprintf("%q leaves no room for the provider's %d-character suffix (AWS rule %s, %s: %s)",
		e.Logical, AutonameRandomLength+1, e.Rule.ID, e.Rule.What, e.Rule.Constraint)
}

// CheckName checks the name pulumi-aws makes for a resource of typ with logicalName, against the
// rule for typ's "name". It returns nil for types without a name rule.
func CheckName(typ, logicalName string) error {
	for _, r := range table {
		for i, t := range r.Types {
			if t != typ || r.Paths[i] != "name" {
				continue
			}
			name, err := Autoname(typ, logicalName)
			if err != nil {
				return &AutonameError{Rule: r, Logical: logicalName, Message: err.Error()}
			}
			if !IsAutonamed(typ) {
				name = logicalName
			}
			if !r.check(stringValue(name)) {
				return &Error{Rule: r, Value: name}
			}
		}
	}
	return nil
}

// SecurityGroupName checks the group name the provider makes from a logical name (C2).
func SecurityGroupName(logicalName string) error { return CheckName(SecurityGroup, logicalName) }

// SecurityGroupDescription checks a group description (C1).
func SecurityGroupDescription(s string) error { return Check("C1", s) }

// RuleDescription checks a security group rule description (C10).
func RuleDescription(s string) error { return Check("C10", s) }

// LoadBalancerName checks the load balancer name the provider makes from a logical name (C3).
func LoadBalancerName(logicalName string) error { return CheckName(LoadBalancer, logicalName) }

// TargetGroupName checks the target group name the provider makes from a logical name (C11).
func TargetGroupName(logicalName string) error { return CheckName(TargetGroup, logicalName) }

// TaskFamily checks an ECS task definition family (C4).
func TaskFamily(s string) error { return Check("C4", s) }

// ContainerName checks an ECS container name (C13).
func ContainerName(s string) error { return Check("C13", s) }

// LogGroupName checks the log group name the provider makes from a logical name (C5).
func LogGroupName(logicalName string) error { return CheckName(LogGroup, logicalName) }

// LogRetention checks a CloudWatch Logs retention period in days (C15).
func LogRetention(days int) error { return Check("C15", days) }

// IamRoleName checks the role name the provider makes from a logical name (C6).
func IamRoleName(logicalName string) error { return CheckName(IamRole, logicalName) }

// RestStageName checks a REST API stage name (C18).
func RestStageName(s string) error { return Check("C18", s) }

// HttpStageName checks an HTTP API stage name (C19).
func HttpStageName(s string) error { return Check("C19", s) }

// RouteKey checks an HTTP API route key (C20).
func RouteKey(s string) error { return Check("C20", s) }

// RestTimeout checks a REST integration timeout in ms (C21).
func RestTimeout(ms int) error { return Check("C21", ms) }

// HttpTimeout checks an HTTP API integration timeout in ms (C22).
func HttpTimeout(ms int) error { return Check("C22", ms) }

// HealthCheckPath checks a target group health check path (C25).
func HealthCheckPath(s string) error { return Check("C25", s) }

// PathPattern checks an ALB listener rule path pattern (C27).
func PathPattern(s string) error { return Check("C27", s) }

// TagKey checks a tag key (C7).
func TagKey(k string) error { return Check("C7", k) }

// TagValue checks a tag value (C31).
func TagValue(v string) error { return Check("C31", v) }

// MaxTags is the most tags AWS takes on one resource (C32).
const MaxTags = 50

// VpcEndpointServiceName checks an endpoint service name (C30).
func VpcEndpointServiceName(s string) error { return Check("C30", s) }

// CloudMapServiceName checks a Cloud Map service name (C28).
func CloudMapServiceName(s string) error { return Check("C28", s) }

// CloudMapNamespaceName checks a Cloud Map private DNS namespace name (C29).
func CloudMapNamespaceName(s string) error { return Check("C29", s) }

// ContainerImage checks an ECS container image reference (C34).
func ContainerImage(s string) error { return Check("C34", s) }
