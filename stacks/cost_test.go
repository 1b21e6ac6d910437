package stacks

import (
	"context"
	"math"
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
		wafAcl, wafRule           = 5.00, 1.00
	)
	task := 0.25*vcpu + 0.5*gb // the default 256 CPU units and 512 MiB
	cases := []struct {
		stack string
		lines map[string]float64
		total float64
	}{
		// dev: one NAT gateway and its Elastic IP, the ALB of http-alb, one task.
		{"dev", map[string]float64{
			"NAT gateway": 1 * nat * h, "Public IPv4 address": 1 * ipv4 * h,
			"Application Load Balancer (internal)": lb * h, "Fargate service api": 1 * task * h,
		}, 61.94},
		// prod: a NAT gateway and Elastic IP per zone (3), the ALB the REST frontends share, the
		// execute-api endpoint in 3 zones, three tasks, and the regional REST frontend's web ACL
		// with its 3 managed rule groups and its rate-based rule.
		{"prod", map[string]float64{
			"NAT gateway": 3 * nat * h, "Public IPv4 address": 3 * ipv4 * h,
			"Application Load Balancer (internal)": lb * h, "Interface VPC endpoint": 3 * endpointAz * h,
			"Fargate service api": 3 * task * h,
			"WAF web ACL":         wafAcl, "WAF rules": 4 * wafRule,
		}, 183.86},
	}
	for _, c := range cases {
		t.Run(c.stack, func(t *testing.T) {
			cfg, _, err := LoadStackConfig(context.Background(), projectDir, c.stack, nil)
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
		})
	}
	if Prices.Sources == nil || Prices.Date == "" {
		t.Error("the price table names no date or sources")
	}
}
