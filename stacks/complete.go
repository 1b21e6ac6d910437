package stacks

import (
	"fmt"
	"os"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Complete returns c with the defaults ParseConfig applies (the same function applies them), and
// validates it: a Config built in Go gets the same stack as the same values in a stack file, and
// a missing required field (a frontend's Variant, an existing VPC's VpcId, a service's Name) is a
// *ValidationError naming it by its config key, never a nil pointer. c is not modified.
//
// Project and Stack, when empty, are "vpclink" and "dev"; Region, when empty, is $AWS_REGION or
// $AWS_DEFAULT_REGION (Deploy fills all three from the running stack first).
//
// One default cannot be told from Go's zero value: ApiGatewayAccount false means no account
// settings resource, where ParseConfig's default is true. Set it when the stack should manage the
// Region's API Gateway CloudWatch role.
func (c *Config) Complete() (*Config, error) {
	if c == nil {
		c = &Config{}
	}
	var ps problems
	r := rawConfig{
		Environment:       string(c.Environment),
		LogRetentionDays:  c.LogRetentionDays,
		Network:           c.Network,
		Frontends:         slices.Clone(c.Frontends),
		frontendsSet:      len(c.Frontends) > 0,
		LoadBalancers:     c.LoadBalancers,
		ApiGatewayAccount: &c.ApiGatewayAccount,
		Protect:           c.Protect,
		Tags:              c.Tags,
		servicesSet:       len(c.Services) > 0,
	}
	if len(c.Services) > 0 {
		r.Services = map[string]ServiceConfig{}
	}
	for i, s := range c.Services {
		switch _, dup := r.Services[s.Name]; {
		case s.Name == "":
			ps.add(key("services"), "Services[%d] has no Name; a service is named like a services key (1 to 20 lower-case letters, digits, -)", i)
		case dup:
			ps.add(key("services"), "Services[%d]: name %q is used twice", i, s.Name)
		default:
			r.Services[s.Name] = s
		}
	}
	region := c.Region
	if region == "" {
		region = orDefault(os.Getenv("AWS_REGION"), os.Getenv("AWS_DEFAULT_REGION"))
	}
	out := r.withDefaults(orDefault(c.Project, Namespace), orDefault(c.Stack, "dev"), region)
	ps = append(ps, out.validate()...)
	if err := inNamespace(ConfigNamespace(out.Project), ps).err(); err != nil {
		return nil, err
	}
	return out, nil
}

// completeConfig is Complete with the running stack's project, stack and aws:region for what cfg
// leaves empty.
func completeConfig(ctx *pulumi.Context, cfg *Config) (*Config, error) {
	c := Config{}
	if cfg != nil {
		c = *cfg
	}
	c.Project = orDefault(c.Project, ctx.Project())
	c.Stack = orDefault(c.Stack, ctx.Stack())
	if c.Region == "" {
		c.Region, _ = ctx.GetConfig("aws:region")
	}
	out, err := c.Complete()
	if err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	return out, nil
}
