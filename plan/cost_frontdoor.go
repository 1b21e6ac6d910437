package plan

import (
	"fmt"

	"github.com/vpclink/vpclink/stacks"
)

// WafPrices are the AWS WAF list prices of the estimate, us-east-1, as of Prices.Date
// (https://aws.amazon.com/waf/pricing/: web ACL 5.00 USD per month, rule 1.00 USD per month, a
// managed rule group counting as one rule, requests 0.60 USD per million; the three AWS managed
// groups vpclink uses carry no subscription fee). WAF logs in CloudWatch Logs are vended logs
// (https://aws.amazon.com/cloudwatch/pricing/, first 10 TB 0.50 USD/GB). Custom domain names,
// public ACM certificates, alias records to API Gateway, usage plans and API keys cost nothing of
// their own; the hosted zone is the user's.
var WafPrices = struct {
	WebAclMonth, RuleMonth, RequestsPerMillion, LogsGB float64
	Source                                             string
}{5.00, 1.00, 0.60, 0.50, "https://aws.amazon.com/waf/pricing/"}

// frontDoorCost adds the web ACLs and their rules to the fixed cost and WAF's per-request price
// to the usage.
func frontDoorCost(cfg *stacks.Config, c *Cost, add func(item string, qty float64, unit string, monthly float64, note string)) {
	acls, rules := 0, 0
	for _, f := range cfg.Frontends {
		if f.WafEnabled() {
			acls++
			rules += len(f.ManagedRuleGroups()) + 1 // the groups and the rate-based rule
		}
	}
	if acls == 0 {
		return
	}
	p := WafPrices
	add("WAF web ACL", float64(acls), "web ACL", float64(acls)*p.WebAclMonth, fmt.Sprintf("%.2f USD/month each (%s)", p.WebAclMonth, p.Source))
	add("WAF rules", float64(rules), "rule", float64(rules)*p.RuleMonth, fmt.Sprintf("%.2f USD/month each: per ACL its managed rule groups and the rate-based rule", p.RuleMonth))
	c.Usage = append(c.Usage,
		CostLine{Item: "WAF requests", Quantity: 1, Unit: "million requests", Monthly: p.RequestsPerMillion, Note: "every request the web ACL inspects, on top of the REST API's"},
		CostLine{Item: "WAF logs (CloudWatch vended logs)", Quantity: 1, Unit: "GB", Monthly: p.LogsGB})
}
