package components

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// UsagePlansType is the Pulumi type token of UsagePlans.
const UsagePlansType = "vpclink:components:UsagePlans"

// QuotaPeriods are the periods of a usage plan quota (apigateway QuotaSettings.Period: "Valid
// values are DAY, WEEK or MONTH", AWS SDK for Go v2 service/apigateway/types).
var QuotaPeriods = []string{"DAY", "WEEK", "MONTH"}

// UsagePlansArgs configures UsagePlans.
type UsagePlansArgs struct {
	// ApiId and Stage of the REST API the plans are bound to. Required. The API's methods must
	// require an API key (RestApiArgs.ApiKeyRequired), or the plans meter nothing.
	ApiId pulumi.StringInput `pulumi:"apiId"`
	Stage pulumi.StringInput `pulumi:"stage"`
	// Plans, each with its API keys. At least one is required.
	Plans []UsagePlan `pulumi:"plans"`
	// Tags added to every resource. Defaults to none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// UsagePlan is one usage plan and the API keys bound to it.
type UsagePlan struct {
	// Name of the plan, in child names. Required.
	Name string `pulumi:"name"`
	// Throttling of the plan's callers. Defaults to nil: the stage's.
	Throttling *Throttling `pulumi:"throttling,optional"`
	// QuotaLimit requests per QuotaPeriod (DAY, WEEK or MONTH). Defaults to 0: no quota.
	QuotaLimit  int    `pulumi:"quotaLimit,optional"`
	QuotaPeriod string `pulumi:"quotaPeriod,optional"`
	// ApiKeys by name; AWS generates each key's value. An API key is in one plan per stage.
	// Defaults to none.
	ApiKeys []string `pulumi:"apiKeys,optional"`
}

// UsagePlans are a REST stage's usage plans with their API keys and usage-plan keys.
type UsagePlans struct {
	pulumi.ResourceState

	// UsagePlanIds by plan name.
	UsagePlanIds pulumi.StringMapOutput `pulumi:"usagePlanIds"`
	// ApiKeyIds by key name.
	ApiKeyIds pulumi.StringMapOutput `pulumi:"apiKeyIds"`
	// ApiKeyValues by key name: secret, never in plain text in the state or outputs.
	ApiKeyValues pulumi.StringMapOutput `pulumi:"apiKeyValues"`
}

func (a *UsagePlansArgs) validate(name string) error {
	var c argsCheck
	c.missingIf(a.ApiId == nil, "apiId")
	c.missingIf(a.Stage == nil, "stage")
	if len(a.Plans) == 0 {
		c.add("plans", nil, "at least one plan is required")
	}
	plans, keys := map[string]int{}, map[string]int{}
	for i, p := range a.Plans {
		f := func(k string) string { return field("plans", i, k) }
		if j, dup := plans[p.Name]; p.Name == "" {
			c.missing(f("name"))
		} else if dup {
			c.add(f("name"), p.Name, "is also the name of %s", field("plans", j))
		}
		plans[p.Name] = i
		if p.QuotaLimit < 0 || (p.QuotaLimit > 0 && !slices.Contains(QuotaPeriods, p.QuotaPeriod)) {
			c.add(f("quotaPeriod"), p.QuotaPeriod, "a quota of %d needs a limit of 1 or more and a period of %s", p.QuotaLimit, strings.Join(QuotaPeriods, ", "))
		}
		if p.QuotaLimit == 0 && p.QuotaPeriod != "" {
			c.add(f("quotaLimit"), 0, "quotaPeriod %q needs quotaLimit", p.QuotaPeriod)
		}
		for k, key := range p.ApiKeys {
			if j, dup := keys[key]; key == "" {
				c.missing(field("plans", i, "apiKeys", k))
			} else if dup {
				c.add(field("plans", i, "apiKeys", k), key, "is also in %s (an API key is in one plan per stage)", field("plans", j))
			}
			keys[key] = i
		}
	}
	checkTags(&c, a.Tags)
	return c.err(UsagePlansType, name)
}

// NewUsagePlans creates each plan bound to the stage, each API key (AWS generates the value,
// which Pulumi keeps as a secret) and the usage-plan key that puts the key in its plan.
func NewUsagePlans(ctx *pulumi.Context, name string, args *UsagePlansArgs, opts ...pulumi.ResourceOption) (*UsagePlans, error) {
	if args == nil {
		args = &UsagePlansArgs{}
	}
	if err := args.validate(name); err != nil {
		return nil, err
	}
	u := &UsagePlans{}
	if err := ctx.RegisterComponentResource(UsagePlansType, name, u, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(u)
	planIds, keyIds, keyValues := pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}
	for _, p := range args.Plans {
		pa := &apigateway.UsagePlanArgs{
			Name:        pulumi.String(name + "-" + p.Name),
			Description: pulumi.String("vpclink usage plan " + p.Name + " of " + name),
			ApiStages:   apigateway.UsagePlanApiStageArray{apigateway.UsagePlanApiStageArgs{ApiId: args.ApiId, Stage: args.Stage}},
			Tags:        tagsWithName(args.Tags, name+"-"+p.Name),
		}
		if t := p.Throttling; t != nil {
			pa.ThrottleSettings = apigateway.UsagePlanThrottleSettingsArgs{
				RateLimit: pulumi.Float64(t.RateLimit), BurstLimit: pulumi.Int(t.BurstLimit),
			}
		}
		if p.QuotaLimit > 0 {
			pa.QuotaSettings = apigateway.UsagePlanQuotaSettingsArgs{Limit: pulumi.Int(p.QuotaLimit), Period: pulumi.String(p.QuotaPeriod)}
		}
		plan, err := apigateway.NewUsagePlan(ctx, name+"-"+p.Name, pa, parent)
		if err != nil {
			return nil, err
		}
		planIds[p.Name] = plan.ID().ToStringOutput()
		for _, k := range p.ApiKeys {
			child := name + "-" + p.Name + "-" + k
			// No value: AWS generates it. The provider marks value secret; saying so here too
			// keeps it encrypted in the state whatever the provider version.
			key, err := apigateway.NewApiKey(ctx, child, &apigateway.ApiKeyArgs{
				Name:        pulumi.String(child),
				Description: pulumi.String("vpclink API key " + k + " of usage plan " + p.Name),
				Enabled:     pulumi.Bool(true),
				Tags:        tagsWithName(args.Tags, child),
			}, parent, pulumi.AdditionalSecretOutputs([]string{"value"}))
			if err != nil {
				return nil, err
			}
			if _, err := apigateway.NewUsagePlanKey(ctx, child, &apigateway.UsagePlanKeyArgs{
				KeyId: key.ID(), KeyType: pulumi.String("API_KEY"), UsagePlanId: plan.ID(),
			}, parent); err != nil {
				return nil, err
			}
			keyIds[k] = key.ID().ToStringOutput()
			keyValues[k] = pulumi.ToSecret(key.Value).(pulumi.StringOutput)
		}
	}
	u.UsagePlanIds = planIds.ToStringMapOutput()
	u.ApiKeyIds = keyIds.ToStringMapOutput()
	u.ApiKeyValues = pulumi.ToSecret(keyValues.ToStringMapOutput()).(pulumi.StringMapOutput)
	if err := ctx.RegisterResourceOutputs(u, pulumi.Map{
		"usagePlanIds": u.UsagePlanIds,
		"apiKeyIds":    u.ApiKeyIds,
		"apiKeyValues": u.ApiKeyValues,
	}); err != nil {
		return nil, err
	}
	return u, nil
}
