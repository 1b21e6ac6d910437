package plan

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/vpclink/vpclink/components"
	"github.com/vpclink/vpclink/stacks"
)

// Prices are on-demand list prices in USD for us-east-1 as of Date, from docs/aws-facts.md
// ("Prices") and the AWS price pages in Sources. They drive the plan's fixed monthly estimate; usage
// (data processed, LCUs, requests, logs, metrics) is listed per unit, not guessed.
var Prices = PriceTable{
	Region:                  "us-east-1",
	Date:                    "2026-11-26",
	HoursPerMonth:           730,
	NatGatewayHour:          0.045,
	NatGatewayGB:            0.045,
	AlbHour:                 0.0225,
	NlbHour:                 0.0225,
	InterfaceEndpointAzHour: 0.01,
	InterfaceEndpointGB:     0.01,
	FargateVcpuHour:         0.04048,
	FargateGBHour:           0.004445,
	RestPerMillion:          3.50,
	HttpPerMillion:          1.00,
	LogsIngestGB:            0.50,
	// S3 Standard, first 50 TB per month, us-east-1 (https://aws.amazon.com/s3/pricing/, read on
	// the date above): the access-log bucket's storage, which depends on traffic.
	S3StandardGBMonth: 0.023,
	// Since 2024-02-01 every public IPv4 address is billed, in use or not: the Elastic IP of each
	// NAT gateway adds 0.005 USD/h.
	PublicIpv4Hour: 0.005,
	// Container Insights metrics are billed as CloudWatch custom metrics (first 10,000 metrics).
	MetricMonth: 0.30,
	// AWS WAF: a web ACL and a rule (an AWS managed rule group counts as one; the three vpclink
	// uses carry no subscription fee) per month, requests inspected per million, and its logs in
	// CloudWatch Logs, billed as vended logs (first 10 TB).
	WafWebAclMonth: 5.00, WafRuleMonth: 1.00, WafPerMillion: 0.60, VendedLogsGB: 0.50,
	Sources: map[string]string{
		"NatGatewayHour, NatGatewayGB":                 "https://aws.amazon.com/vpc/pricing/ (NAT gateway)",
		"AlbHour, NlbHour":                             "https://aws.amazon.com/elasticloadbalancing/pricing/",
		"InterfaceEndpointAzHour, InterfaceEndpointGB": "https://aws.amazon.com/privatelink/pricing/",
		"FargateVcpuHour, FargateGBHour":               "https://aws.amazon.com/fargate/pricing/ (Linux/x86)",
		"RestPerMillion, HttpPerMillion":               "https://aws.amazon.com/api-gateway/pricing/ (first tier)",
		"LogsIngestGB, MetricMonth":                    "https://aws.amazon.com/cloudwatch/pricing/ (Standard logs; custom metrics, first 10k)",
		"S3StandardGBMonth":                            "https://aws.amazon.com/s3/pricing/ (S3 Standard, first 50 TB)",
		"PublicIpv4Hour":                               "https://aws.amazon.com/vpc/pricing/ (Public IPv4 address); https://aws.amazon.com/blogs/aws/new-aws-public-ipv4-address-charge-public-ip-insights/",
		"WafWebAclMonth, WafRuleMonth, WafPerMillion":  "https://aws.amazon.com/waf/pricing/",
		"VendedLogsGB":                                 "https://aws.amazon.com/cloudwatch/pricing/ (vended logs to CloudWatch Logs, first 10 TB)",
		"HoursPerMonth":                                "https://aws.amazon.com/calculator/calculator-assumptions/ (730 hours in a month: 365 days x 24 hours / 12 months)",
	},
}

// PriceTable holds the unit prices of the estimate.
type PriceTable struct {
	Region, Date                                 string
	HoursPerMonth                                float64
	NatGatewayHour, NatGatewayGB                 float64
	AlbHour, NlbHour                             float64
	InterfaceEndpointAzHour, InterfaceEndpointGB float64
	FargateVcpuHour, FargateGBHour               float64
	RestPerMillion, HttpPerMillion, LogsIngestGB float64
	S3StandardGBMonth                            float64
	PublicIpv4Hour, MetricMonth                  float64
	WafWebAclMonth, WafRuleMonth, WafPerMillion  float64
	VendedLogsGB                                 float64
	// Sources names, per group of fields, the AWS price page each price is read from.
	Sources map[string]string
}

// CostLine is one item of the estimate.
type CostLine struct {
	Item     string  `json:"item"`
	Quantity float64 `json:"quantity"`
	Unit     string  `json:"unit"`
	Monthly  float64 `json:"monthly"`
	Note     string  `json:"note,omitempty"`
}

// Cost is the estimated monthly cost of a stack.
type Cost struct {
	Currency string `json:"currency"`
	// Monthly is the fixed cost: what the stack costs with no traffic.
	Monthly float64    `json:"monthly"`
	Lines   []CostLine `json:"lines"`
	// Usage are per-unit prices of what depends on traffic.
	Usage []CostLine `json:"usage"`
	// PriceRegion and PriceDate say where and when the prices are from.
	PriceRegion string `json:"priceRegion"`
	PriceDate   string `json:"priceDate"`
	Note        string `json:"note,omitempty"`
	// Choices compare the stack's REST frontends with the other load balancer they could use:
	// what rest-alb saves over rest-nlb where an ALB is already there, and what it costs.
	Choices []string `json:"choices,omitempty"`
}

// EstimateCost computes a stack's fixed monthly cost from its config: NAT gateways, load
// balancers, interface endpoints per zone, and Fargate vCPU and memory for the desired count.
// VPC links and gateway endpoints are free.
func EstimateCost(cfg *stacks.Config) Cost {
	p := Prices
	h := p.HoursPerMonth
	c := Cost{Currency: "USD", PriceRegion: p.Region, PriceDate: p.Date}
	add := func(item string, qty float64, unit string, monthly float64, note string) {
		if qty == 0 {
			return
		}
		c.Lines = append(c.Lines, CostLine{Item: item, Quantity: qty, Unit: unit, Monthly: round2(monthly), Note: note})
		c.Monthly += monthly
	}
	zones := cfg.Network.AvailabilityZones
	if e := cfg.Network.Existing; e != nil {
		zones = len(e.PrivateSubnetIds)
	}
	if cfg.Network.Existing == nil {
		nat := 0
		switch components.NatStrategy(cfg.Network.NatGateways) {
		case components.NatSingle:
			nat = 1
		case components.NatOnePerAz:
			nat = zones
		}
		add("NAT gateway", float64(nat), "gateway", float64(nat)*p.NatGatewayHour*h, fmt.Sprintf("%.3f USD/h each, plus %.3f USD/GB processed", p.NatGatewayHour, p.NatGatewayGB))
		add("Public IPv4 address", float64(nat), "address", float64(nat)*p.PublicIpv4Hour*h, fmt.Sprintf("the Elastic IP of each NAT gateway, %.3f USD/h since February 2024", p.PublicIpv4Hour))
	}
	if cfg.NeedsAlb() {
		add("Application Load Balancer (internal)", 1, "load balancer", p.AlbHour*h, "plus LCUs")
	}
	if cfg.NeedsNlb() {
		add("Network Load Balancer (internal)", 1, "load balancer", p.NlbHour*h, "plus NLCUs")
	}
	var interfaces []string
	net := cfg.Network
	for _, s := range components.EndpointServices(components.NatStrategy(net.NatGateways), cfg.Endpoints()) {
		if net.Existing != nil && !slices.Contains(net.Endpoints, s) {
			continue
		}
		if s != "s3" && s != "dynamodb" {
			interfaces = append(interfaces, s)
		}
	}
	if cfg.NeedsPrivateEndpoint() {
		interfaces = append(interfaces, "execute-api")
	}
	n := float64(len(interfaces) * zones)
	add("Interface VPC endpoint", n, "endpoint-zone", n*p.InterfaceEndpointAzHour*h,
		fmt.Sprintf("%s in %d zones; plus %.2f USD/GB", strings.Join(interfaces, ", "), zones, p.InterfaceEndpointGB))
	for _, s := range cfg.Services {
		vcpu := float64(s.Cpu) / 1024
		gb := float64(s.Memory) / 1024
		tasks := float64(*s.DesiredCount)
		note := fmt.Sprintf("%g vCPU, %g GB per task", vcpu, gb)
		if s.Autoscaling != nil {
			note += fmt.Sprintf("; scales %d to %d tasks", s.Autoscaling.Min, s.Autoscaling.Max)
		}
		add("Fargate service "+s.Name, tasks, "task", tasks*(vcpu*p.FargateVcpuHour+gb*p.FargateGBHour)*h, note)
	}
	frontDoorCost(cfg, &c, add)
	c.Monthly = round2(c.Monthly)
	if cfg.HasRest() {
		c.Usage = append(c.Usage, CostLine{Item: "REST API requests", Quantity: 1, Unit: "million requests", Monthly: p.RestPerMillion})
	}
	c.Choices = restChoices(cfg)
	// HTTP API requests are billed where the stack has an HTTP API; REST frontends on the V2 link
	// are billed as REST requests.
	if cfg.Has(stacks.HttpAlb, stacks.HttpNlb, stacks.HttpCloudMap) {
		c.Usage = append(c.Usage, CostLine{Item: "HTTP API requests", Quantity: 1, Unit: "million requests", Monthly: p.HttpPerMillion})
	}
	c.Usage = append(c.Usage, CostLine{Item: "CloudWatch Logs ingestion", Quantity: 1, Unit: "GB", Monthly: p.LogsIngestGB})
	if cfg.AccessLogsBucketCreated() {
		// ELB does not charge for delivering the logs, only S3 storage (load-balancer-access-logs).
		c.Usage = append(c.Usage, CostLine{Item: "S3 Standard storage (load balancer access logs)", Quantity: 1, Unit: "GB-month", Monthly: p.S3StandardGBMonth,
			Note: fmt.Sprintf("kept %d days (loadBalancers.accessLogs: create)", cfg.LogRetentionDays)})
	}
	// The cluster turns Container Insights on (VPCL-ECS-CONTAINER-INSIGHTS): its metrics, per
	// cluster, service and task family, are custom metrics, and its performance log events are
	// ingested as logs. How many metrics AWS emits depends on what runs, so it is a unit price.
	c.Usage = append(c.Usage, CostLine{Item: "Container Insights metrics", Quantity: 1, Unit: "metric-month", Monthly: p.MetricMonth,
		Note: "billed as CloudWatch custom metrics; performance log events as Logs ingestion"})
	if cfg.Region != p.Region {
		c.Note = fmt.Sprintf("prices are %s list prices; %s differs", p.Region, cfg.Region)
	}
	return c
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// restChoices says, for a stack with REST frontends, what the ALB variants save over the NLB ones
// and what they cost: the NLB's fixed cost and one hop when an ALB is there anyway, against the V2
// link's quota (aws-facts A3) and its inactivity (A10).
func restChoices(cfg *stacks.Config) []string {
	if !cfg.HasRest() {
		return nil
	}
	nlb := round2(Prices.NlbHour * Prices.HoursPerMonth)
	var out []string
	toNlb := cfg.Has(stacks.RestNlb, stacks.PrivateRest)
	switch {
	case toNlb && cfg.NeedsAlb() && !cfg.Has(stacks.HttpNlb):
		out = append(out, fmt.Sprintf("the stack already runs an ALB: rest-alb / private-rest-alb instead of rest-nlb / private-rest would drop the NLB (%.2f USD/month) and one hop, and route services by path instead of one NLB listener port each", nlb))
	case toNlb && !cfg.Has(stacks.HttpNlb):
		out = append(out, fmt.Sprintf("rest-alb / private-rest-alb cost the same here (an ALB instead of the NLB, %.2f USD/month each before LCUs); they save the NLB when the stack runs an ALB anyway (http-alb)", nlb))
	case cfg.Has(stacks.RestAlb, stacks.PrivateRestAlb) && !cfg.NeedsNlb():
		out = append(out, fmt.Sprintf("rest-alb / private-rest-alb need no NLB: %.2f USD/month and one hop saved over rest-nlb when an ALB is there anyway", nlb))
	}
	if cfg.NeedsHttpLink() && cfg.HasRest() {
		out = append(out, "REST frontends share the stack's one V2 link: links themselves are free, but a Region allows 10 V2 links (aws-facts A3), and a link without traffic for 60 days goes INACTIVE until it re-provisions (A10); every frontend's traffic keeps it active")
	}
	if cfg.NeedsRestLink() {
		out = append(out, "a frontend uses vpcLink v1: V1 links are legacy (aws-facts R12); moving it to v2 replaces the link and redeploys the API, and the V1 link's ~10-minute provisioning goes away")
	}
	return out
}
