package stacks

import (
	"errors"
	"fmt"
	"slices"

	"github.com/vpclink/vpclink/awsspec"
	"github.com/vpclink/vpclink/components"
)

// The names and texts vpclink derives from config, checked against AWS's input constraints (the
// awsspec table) before anything is created: a service named sg-web would otherwise fail only at
// `up`, when EC2 refuses the group name sg-web-<random>, after the network was built.

// derived is one AWS input vpclink makes from a config value.
type derived struct {
	what string // "its security group name"
	err  error  // the awsspec verdict
}

// awsProblem reports a config value whose derived AWS input breaks a rule.
func awsProblem(ps *problems, key, value string, d derived) {
	var ae *awsspec.AutonameError
	var ve *awsspec.Error
	switch {
	case errors.As(d.err, &ae):
		ps.add(key, "%q is too long: %s would be %q plus a %d-character suffix, and AWS rule %s allows %s",
			value, d.what, ae.Logical, awsspec.AutonameRandomLength+1, ae.Rule.ID, ae.Rule.Constraint)
	case errors.As(d.err, &ve):
		ps.add(key, "%q would give %s %q, which AWS refuses: rule %s (%s: %s)",
			value, d.what, ve.Value, ve.Rule.ID, ve.Rule.What, ve.Rule.Constraint)
	default:
		ps.add(key, "%q: %v", value, d.err)
	}
}

func check(ps *problems, key, value string, ds ...derived) {
	for _, d := range ds {
		if d.err != nil {
			awsProblem(ps, key, value, d)
			return // one problem per key: the first derived input that breaks
		}
	}
}

// validateAwsNames checks what services and frontends become in AWS.
func (c *Config) validateAwsNames(ps *problems) {
	for _, s := range c.Services {
		if components.ValidateServiceName(s.Name) != nil {
			continue // reported already, with what service names may be
		}
		ds := []derived{
			{"its tasks' security group the name", awsspec.SecurityGroupName(s.Name)},
			{"its log group the name", awsspec.LogGroupName(s.Name)},
			{"its task execution role the name", awsspec.IamRoleName(s.Name + "-execution")},
			{"its task role the name", awsspec.IamRoleName(s.Name + "-task")},
			{"its execution role policy the name", awsspec.CheckName(awsspec.IamRolePolicy, s.Name+"-execution")},
			{"its ECS service the name", awsspec.CheckName(awsspec.EcsService, s.Name)},
			{"its container the name", awsspec.ContainerName(s.Name)},
		}
		if c.NeedsAlb() {
			ds = append(ds, derived{"its ALB target group the name", awsspec.TargetGroupName("alb-" + s.Name)})
		}
		if c.NeedsNlb() {
			ds = append(ds, derived{"its NLB target group the name", awsspec.TargetGroupName("nlb-" + s.Name)})
		}
		if c.NeedsCloudMap() {
			ds = append(ds, derived{"its Cloud Map service the name", awsspec.CloudMapServiceName(s.Name)})
		}
		check(ps, childKey(key("services"), s.Name), s.Name, ds...)

		k := func(field string) string { return childKey(childKey(key("services"), s.Name), field) }
		if components.ValidatePathPrefix(s.PathPrefix) == nil {
			var pds []derived
			if c.NeedsAlb() {
				pds = append(pds, derived{"the ALB listener rule the path pattern", awsspec.PathPattern(s.PathPrefix + "/*")})
			}
			if c.NeedsHttpLink() {
				pds = append(pds, derived{"the HTTP API the route key", awsspec.RouteKey("ANY " + s.PathPrefix + "/{proxy+}")})
			}
			check(ps, k("pathPrefix"), s.PathPrefix, pds...)
		}
		check(ps, k("image"), s.Image, derived{"its container the image", awsspec.ContainerImage(s.Image)})
		if c.NeedsAlb() || c.NeedsNlb() {
			check(ps, k("healthCheckPath"), s.HealthCheckPath, derived{"the target group the health check path", awsspec.HealthCheckPath(s.HealthCheckPath)})
		}
	}
	for i, f := range c.Frontends {
		if !slices.Contains(Variants, f.Variant) || !frontendPattern.MatchString(f.Name) {
			continue
		}
		check(ps, key("frontends[%d].name", i), f.Name,
			derived{"its access log group the name", awsspec.LogGroupName(f.Name + "-access-logs")})
	}
	// Every resource carries the config's tags plus the Name tag vpclink sets.
	if n := len(c.Tags); n > awsspec.MaxTags-1 {
		ps.add(key("tags"), "has %d tags; AWS takes at most %d on a resource (rule C32) and vpclink adds Name, so at most %d", n, awsspec.MaxTags, awsspec.MaxTags-1)
	}
	for _, name := range c.Network.Endpoints {
		if err := awsspec.VpcEndpointServiceName(fmt.Sprintf("com.amazonaws.%s.%s", c.Region, name)); err != nil && regionPattern.MatchString(c.Region) {
			awsProblem(ps, key("network.endpoints"), name, derived{"the endpoint the service name", err})
		}
	}
}
