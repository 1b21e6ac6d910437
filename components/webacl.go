package components

import (
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/wafv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// WebAclType is the Pulumi type token of WebAcl.
const WebAclType = "vpclink:components:WebAcl"

// DefaultManagedRuleGroups are the AWS managed rule groups every vpclink web ACL has: the core
// rule set (OWASP top ten), known bad inputs (Log4j, exploit payloads) and Amazon's IP
// reputation list (WAF developer guide, aws-managed-rule-groups-list).
var DefaultManagedRuleGroups = []string{
	"AWSManagedRulesCommonRuleSet",
	"AWSManagedRulesKnownBadInputsRuleSet",
	"AWSManagedRulesAmazonIpReputationList",
}

// WafLogGroupPrefix starts the name of every log group WAF logs to: "The name that you give the
// destination must start with aws-waf-logs-" (AWS SDK for Go v2 service/wafv2
// api_op_PutLoggingConfiguration.go).
const WafLogGroupPrefix = "aws-waf-logs-"

// Rate limit bounds of a rate-based rule, per client IP in its 5-minute window (WAF API
// reference, RateBasedStatement.Limit: minimum 10, maximum 2,000,000,000).
const (
	MinWafRateLimit = 10
	MaxWafRateLimit = 2000000000
)

// WebAclArgs configures a WebAcl.
type WebAclArgs struct {
	// ResourceArn the ACL is associated with: a REST API stage's ARN
	// (arn:aws:apigateway:{region}::/restapis/{id}/stages/{stage}). HTTP APIs cannot take a web
	// ACL. Required.
	ResourceArn pulumi.StringInput `pulumi:"resourceArn"`
	// RateLimit of the rate-based rule: requests per client IP in 5 minutes before WAF blocks
	// it, MinWafRateLimit to MaxWafRateLimit. Defaults to 2000.
	RateLimit int `pulumi:"rateLimit,optional"`
	// ManagedRuleGroups are AWS managed rule groups, in priority order. Defaults to
	// DefaultManagedRuleGroups.
	ManagedRuleGroups []string `pulumi:"managedRuleGroups,optional"`
	// LogRetentionDays of the WAF log group. Defaults to 30.
	LogRetentionDays int `pulumi:"logRetentionDays,optional"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// WebAcl is a REGIONAL WAFv2 web ACL with AWS managed rule groups and a per-IP rate-based rule,
// its logging and its association with a REST stage.
type WebAcl struct {
	pulumi.ResourceState

	// WebAclArn of the ACL.
	WebAclArn pulumi.StringOutput `pulumi:"webAclArn"`
	// LogGroupName WAF logs to.
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`
}

var managedRuleGroupPattern = regexp.MustCompile(`^AWSManagedRules[A-Za-z0-9]+$`)

func (a *WebAclArgs) withDefaults() WebAclArgs {
	out := *a
	out.RateLimit = orDefault(out.RateLimit, 2000)
	if len(out.ManagedRuleGroups) == 0 {
		out.ManagedRuleGroups = DefaultManagedRuleGroups
	}
	out.LogRetentionDays = orDefault(out.LogRetentionDays, 30)
	return out
}

func (a *WebAclArgs) validate(name string) error {
	var c argsCheck
	c.missingIf(a.ResourceArn == nil, "resourceArn")
	if a.RateLimit < MinWafRateLimit || a.RateLimit > MaxWafRateLimit {
		c.add("rateLimit", a.RateLimit, "is out of range; allowed: %d to %d", MinWafRateLimit, MaxWafRateLimit)
	}
	seen := map[string]bool{}
	for i, g := range a.ManagedRuleGroups {
		if !managedRuleGroupPattern.MatchString(g) || seen[g] {
			c.add(field("managedRuleGroups", i), g, "is not an AWS managed rule group name, or is listed twice")
		}
		seen[g] = true
	}
	c.wrap("logRetentionDays", a.LogRetentionDays, ValidateLogRetention(a.LogRetentionDays))
	checkTags(&c, a.Tags)
	return c.err(WebAclType, name)
}

// NewWebAcl creates the ACL (default allow; the managed groups and the rate rule block), its log
// group and logging configuration, and the association with the stage.
func NewWebAcl(ctx *pulumi.Context, name string, args *WebAclArgs, opts ...pulumi.ResourceOption) (*WebAcl, error) {
	if args == nil {
		args = &WebAclArgs{}
	}
	a := args.withDefaults()
	if err := a.validate(name); err != nil {
		return nil, err
	}
	w := &WebAcl{}
	if err := ctx.RegisterComponentResource(WebAclType, name, w, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(w)
	metric := func(rule string) string { return strings.ReplaceAll(name+"-"+rule, "_", "-") }
	visibility := func(rule string) wafv2.WebAclRuleVisibilityConfigArgs {
		return wafv2.WebAclRuleVisibilityConfigArgs{
			CloudwatchMetricsEnabled: pulumi.Bool(true), SampledRequestsEnabled: pulumi.Bool(true), MetricName: pulumi.String(metric(rule)),
		}
	}
	var rules wafv2.WebAclRuleArray
	for i, g := range a.ManagedRuleGroups {
		rules = append(rules, wafv2.WebAclRuleArgs{
			Name:     pulumi.String(g),
			Priority: pulumi.Int(i + 1),
			// A rule group reference takes an override action, not an action: none keeps the
			// group's own (block) actions.
			OverrideAction: wafv2.WebAclRuleOverrideActionArgs{None: wafv2.WebAclRuleOverrideActionNoneArgs{}},
			Statement: wafv2.WebAclRuleStatementArgs{ManagedRuleGroupStatement: wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs{
				Name: pulumi.String(g), VendorName: pulumi.String("AWS"),
			}},
			VisibilityConfig: visibility(g),
		})
	}
	// The rate rule goes first: a flood is blocked before the groups spend capacity on it.
	rules = append(wafv2.WebAclRuleArray{wafv2.WebAclRuleArgs{
		Name:     pulumi.String("rate-per-ip"),
		Priority: pulumi.Int(0),
		Action:   wafv2.WebAclRuleActionArgs{Block: wafv2.WebAclRuleActionBlockArgs{}},
		Statement: wafv2.WebAclRuleStatementArgs{RateBasedStatement: wafv2.WebAclRuleStatementRateBasedStatementArgs{
			Limit: pulumi.Int(a.RateLimit), AggregateKeyType: pulumi.String("IP"),
		}},
		VisibilityConfig: visibility("rate-per-ip"),
	}}, rules...)
	acl, err := wafv2.NewWebAcl(ctx, name, &wafv2.WebAclArgs{
		Description:   pulumi.String("vpclink web ACL of " + name),
		Scope:         pulumi.String("REGIONAL"),
		DefaultAction: wafv2.WebAclDefaultActionArgs{Allow: wafv2.WebAclDefaultActionAllowArgs{}},
		Rules:         rules,
		VisibilityConfig: wafv2.WebAclVisibilityConfigArgs{
			CloudwatchMetricsEnabled: pulumi.Bool(true), SampledRequestsEnabled: pulumi.Bool(true), MetricName: pulumi.String(metric("acl")),
		},
		Tags: tagsWithName(a.Tags, name),
	}, parent)
	if err != nil {
		return nil, err
	}
	// The logical name starts with the prefix, so the autoname does too.
	logs, err := cloudwatch.NewLogGroup(ctx, WafLogGroupPrefix+name, &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(a.LogRetentionDays),
		Tags:            tagsWithName(a.Tags, WafLogGroupPrefix+name),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := wafv2.NewWebAclLoggingConfiguration(ctx, name, &wafv2.WebAclLoggingConfigurationArgs{
		ResourceArn:           acl.Arn,
		LogDestinationConfigs: pulumi.StringArray{logs.Arn},
	}, parent); err != nil {
		return nil, err
	}
	if _, err := wafv2.NewWebAclAssociation(ctx, name, &wafv2.WebAclAssociationArgs{
		ResourceArn: a.ResourceArn,
		WebAclArn:   acl.Arn,
	}, parent); err != nil {
		return nil, err
	}
	w.WebAclArn = acl.Arn
	w.LogGroupName = logs.Name
	if err := ctx.RegisterResourceOutputs(w, pulumi.Map{"webAclArn": w.WebAclArn, "logGroupName": w.LogGroupName}); err != nil {
		return nil, err
	}
	return w, nil
}
