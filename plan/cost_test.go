package plan

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestCostRecomputedByHand recomputes the dev and prod estimates from the us-east-1 list prices
// (as of Prices.Date; the pages are in Prices.Sources), written out here rather than read from the
// table, so a changed price or a dropped line fails.
func TestCostRecomputedByHand(t *testing.T) {
	const h = 730.0
	const (
		nat, ipv4, lb, endpointAz = 0.045, 0.005, 0.0225, 0.01
		vcpu, gb                  = 0.04048, 0.004445
		// Usage, per unit: REST and HTTP API per million requests, Logs ingestion per GB, S3
		// Standard per GB-month, a custom metric (Container Insights) per month.
		rest, http, logs, s3, metric = 3.50, 1.00, 0.50, 0.023, 0.30
		// AWS WAF: a web ACL and a rule per month, requests per million, vended logs per GB.
		wafAcl, wafRule, wafRequests, wafLogs = 5.00, 1.00, 0.60, 0.50
	)
	task := 0.25*vcpu + 0.5*gb // the default 256 CPU units and 512 MiB
	cases := []struct {
		stack string
		lines map[string]float64
		total float64
		usage map[string]float64
	}{
		// dev: one NAT gateway and its Elastic IP, the ALB of http-alb, one task.
		{"dev", map[string]float64{
			"NAT gateway": 1 * nat * h, "Public IPv4 address": 1 * ipv4 * h,
			"Application Load Balancer (internal)": lb * h, "Fargate service api": 1 * task * h,
		}, 61.94, map[string]float64{
			// http-alb is an HTTP API; no access-log bucket in dev.
			"HTTP API requests": http, "CloudWatch Logs ingestion": logs, "Container Insights metrics": metric,
		}},
		// prod: a NAT gateway and Elastic IP per zone (3), the ALB the REST frontends share, the
		// execute-api endpoint in 3 zones, three tasks, and the regional REST frontend's web ACL
		// with its 3 managed rule groups and its rate-based rule.
		{"prod", map[string]float64{
			"NAT gateway": 3 * nat * h, "Public IPv4 address": 3 * ipv4 * h,
			"Application Load Balancer (internal)": lb * h, "Interface VPC endpoint": 3 * endpointAz * h,
			"Fargate service api": 3 * task * h,
			"WAF web ACL":         wafAcl, "WAF rules": 4 * wafRule,
		}, 183.86, map[string]float64{
			"WAF requests": wafRequests, "WAF logs (CloudWatch vended logs)": wafLogs,
			// rest-alb and private-rest-alb: REST requests only (the V2 link they use is free), and
			// the ALB's access logs in the bucket prod creates.
			"REST API requests": rest, "CloudWatch Logs ingestion": logs, "Container Insights metrics": metric,
			"S3 Standard storage (load balancer access logs)": s3,
		}},
	}
	for _, c := range cases {
		t.Run(c.stack, func(t *testing.T) {
			cfg, err := load(t, c.stack)
			if err != nil {
				t.Fatal(err)
			}
			got := EstimateCost(cfg)
			if len(got.Lines) != len(c.lines) {
				t.Errorf("%d lines, want %d: %+v", len(got.Lines), len(c.lines), got.Lines)
			}
			sum := 0.0
			for _, l := range got.Lines {
				want, ok := c.lines[l.Item]
				if !ok {
					t.Errorf("unexpected line %q", l.Item)
					continue
				}
				if math.Abs(l.Monthly-want) > 0.005 {
					t.Errorf("%s = %.2f, by hand %.4f", l.Item, l.Monthly, want)
				}
				sum += want
			}
			if math.Abs(got.Monthly-c.total) > 0.001 || math.Abs(sum-c.total) > 0.005 {
				t.Errorf("total %.2f, by hand %.4f, want %.2f", got.Monthly, sum, c.total)
			}
			if len(got.Usage) != len(c.usage) {
				t.Errorf("%d usage lines, want %d: %+v", len(got.Usage), len(c.usage), got.Usage)
			}
			for _, l := range got.Usage {
				if want, ok := c.usage[l.Item]; !ok || l.Monthly != want || l.Quantity != 1 {
					t.Errorf("usage %q = %g per %s, by hand %g (listed: %v)", l.Item, l.Monthly, l.Unit, want, ok)
				}
			}
		})
	}
	if Prices.Sources == nil || Prices.Date == "" {
		t.Error("the price table names no date or sources")
	}
}

// Every number of the price table names the AWS page it is read from: a price added without a
// source fails.
func TestEveryPriceHasASource(t *testing.T) {
	sourced := map[string]bool{}
	for fields, src := range Prices.Sources {
		if !strings.HasPrefix(src, "https://aws.amazon.com/") {
			t.Errorf("%s: source %q is not an AWS page", fields, src)
		}
		for _, f := range strings.Split(fields, ",") {
			sourced[strings.TrimSpace(f)] = true
		}
	}
	v := reflect.ValueOf(Prices)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.Type.Kind() != reflect.Float64 {
			continue
		}
		if !sourced[f.Name] {
			t.Errorf("price %s = %g has no source in Prices.Sources", f.Name, v.Field(i).Float())
		}
		delete(sourced, f.Name)
	}
	for f := range sourced {
		t.Errorf("Prices.Sources names %s, which is no price of the table", f)
	}
}

// The access-log bucket's storage is a per-GB usage line of the cost (S3 Standard, us-east-1),
// listed only where the stack creates the bucket: prod with an ALB, never dev by default.
func TestCostListsAccessLogStoragePerGBWhereTheBucketIsCreated(t *testing.T) {
	line := func(stack string, texts ...string) *CostLine {
		cfg, err := load(t, stack, texts...)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range EstimateCost(cfg).Usage {
			if strings.HasPrefix(l.Item, "S3 Standard storage") {
				return &l
			}
		}
		return nil
	}
	l := line("prod", `vpclink:frontends=[{"variant":"http-alb"}]`)
	if l == nil || l.Unit != "GB-month" || l.Monthly != 0.023 || l.Quantity != 1 {
		t.Errorf("prod with an ALB: S3 line %+v, want 0.023 USD per GB-month", l)
	}
	// Prod on the NLB variants: a plain NLB writes no access logs (aws-facts E6), so no bucket.
	for stack, o := range map[string][]string{"dev": nil, "prod": {`vpclink:frontends=[{"variant":"rest-nlb"},{"variant":"private-rest"}]`}} {
		if l := line(stack, o...); l != nil {
			t.Errorf("%s: S3 line %+v, but the stack creates no bucket", stack, l)
		}
	}
}
