package plan

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func doc(t testing.TB, stack string, texts ...string) *Document {
	t.Helper()
	p, err := Run(context.Background(), Options{ProjectDir: projectDir, Stack: stack, Overrides: overrides(t, texts...)})
	if err != nil {
		t.Fatal(err)
	}
	d := p.Document()
	return &d
}

func TestSamePlanHasNoDifferences(t *testing.T) {
	d := Compare(doc(t, "dev"), doc(t, "dev"), "base", "head")
	if len(d.Added)+len(d.Removed)+len(d.Changed)+len(d.Replaced)+len(d.New)+len(d.Resolved)+len(d.Outputs) > 0 || d.Cost.Delta != 0 {
		t.Errorf("a plan differs from itself: %s", d.Markdown())
	}
}

func TestCidrChangeReplacesTheVpcAndItsDependents(t *testing.T) {
	d := Compare(doc(t, "dev"), doc(t, "dev", "vpclink:network.cidr=10.1.0.0/16"), "base", "head")
	byName := map[string]Replacement{}
	for _, r := range d.Replaced {
		byName[r.Type+" "+r.Name] = r
	}
	vpc, ok := byName["awsx:ec2:Vpc network"]
	if !ok || vpc.Cause != "" || !slices.Contains(vpc.Keys, "cidrBlock") {
		t.Fatalf("the VPC is not a direct replacement: %+v", d.Replaced)
	}
	// Through vpcId (the groups, the target group, the flow log), subnetIds (the V2 link, aws-facts
	// A8), and through the groups their rules (securityGroupId).
	for _, want := range []string{
		"aws:ec2/securityGroup:SecurityGroup alb", "aws:ec2/securityGroup:SecurityGroup http-link",
		"aws:lb/targetGroup:TargetGroup alb-api", "aws:ec2/flowLog:FlowLog network",
		"aws:apigatewayv2/vpcLink:VpcLink http-link", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule alb-from-http-link-80",
	} {
		r, ok := byName[want]
		if !ok {
			t.Errorf("%s is not predicted as a replacement", want)
			continue
		}
		if r.Root != vpc.URN {
			t.Errorf("%s is replaced through %s, want through the VPC", want, r.Root)
		}
	}
	// Updatable in place: the ALB's subnets, the ECS service's network configuration.
	for _, not := range []string{"aws:lb/loadBalancer:LoadBalancer alb", "aws:ecs/service:Service api"} {
		if _, ok := byName[not]; ok {
			t.Errorf("%s is predicted as a replacement; AWS updates it in place", not)
		}
	}
	if len(d.Reasons) != 1 || !strings.Contains(d.Reasons[0], "replaces the VPC and its 4 subnets") {
		t.Errorf("reasons = %q", d.Reasons)
	}
	if d.ProtectedReplacements() != 0 {
		t.Error("dev protects nothing")
	}
}

func TestProtectedReplacementsAreFlagged(t *testing.T) {
	d := Compare(doc(t, "prod"), doc(t, "prod", "vpclink:network.cidr=10.1.0.0/16"), "base", "head")
	var protected []string
	for _, r := range d.Replaced {
		if r.Protected {
			protected = append(protected, r.Type+" "+r.Name)
		}
	}
	// vpclink:protect protects the VPC, the load balancers and the execute-api endpoint. Prod's ALB
	// is not in the list: ELBv2 changes an ALB's subnets and groups in place, so the replace table
	// predicts an update (an NLB's groups are fixed at creation, aws-facts E8).
	for _, want := range []string{"awsx:ec2:Vpc network", "aws:ec2/vpcEndpoint:VpcEndpoint execute-api"} {
		if !slices.Contains(protected, want) {
			t.Errorf("%s is not a protected replacement: %v", want, protected)
		}
	}
	if md := d.Markdown(); !strings.Contains(md, "protected: will fail") {
		t.Errorf("the markdown does not warn of the protected replacements:\n%s", md)
	}
}

func TestAddingAFrontendAddsItsResourcesCostAndFindings(t *testing.T) {
	base := doc(t, "dev")
	head := doc(t, "dev", `vpclink:frontends=[{"variant":"http-alb"},{"variant":"rest-nlb"}]`)
	d := Compare(base, head, "base", "head")
	added := map[string]bool{}
	for _, r := range d.Added {
		added[r.Type] = true
	}
	for _, want := range []string{"aws:lb/loadBalancer:LoadBalancer", "aws:apigateway/restApi:RestApi", "aws:apigateway/stage:Stage"} {
		if !added[want] {
			t.Errorf("no %s added", want)
		}
	}
	if len(d.Removed) != 0 || len(d.Replaced) != 0 {
		t.Errorf("adding a frontend removes %v or replaces %v", d.Removed, d.Replaced)
	}
	want := round2(head.Cost.Monthly - base.Cost.Monthly)
	if d.Cost.Delta != want || want <= 0 {
		t.Errorf("cost delta %.2f, want %.2f", d.Cost.Delta, want)
	}
	var nlb *CostLineDiff
	for i, l := range d.Cost.Lines {
		if l.Item == "Network Load Balancer (internal)" {
			nlb = &d.Cost.Lines[i]
		}
	}
	if nlb == nil || nlb.Before != 0 || nlb.After == 0 {
		t.Errorf("no new NLB cost line: %+v", d.Cost.Lines)
	}
	if len(d.New) == 0 || d.NewMandatory() != 0 {
		t.Errorf("new findings %d, mandatory %d; want the REST frontend's advisories only", len(d.New), d.NewMandatory())
	}
	var outputs []string
	for _, o := range d.Outputs {
		outputs = append(outputs, o.Key)
	}
	// The REST frontend shares the stack's V2 link, so only its own output and the NLB's are new.
	for _, want := range []string{"frontends.rest-nlb", "nlbDnsName"} {
		if !slices.Contains(outputs, want) {
			t.Errorf("output %s does not change: %v", want, outputs)
		}
	}
	md := d.Markdown()
	if !strings.HasPrefix(md, Marker("dev")) || !strings.Contains(md, "<details>") || !strings.Contains(md, fmt.Sprintf("(**%+.2f**)", want)) {
		t.Errorf("markdown:\n%s", md)
	}
}

func TestRemovingAServiceResolvesAndRemoves(t *testing.T) {
	base := doc(t, "dev", `vpclink:services={"api":{},"web":{}}`)
	head := doc(t, "dev", `vpclink:services={"api":{}}`)
	d := Compare(base, head, "base", "head")
	var removed []string
	for _, r := range d.Removed {
		removed = append(removed, r.Type+" "+r.Name)
	}
	if !slices.Contains(removed, "aws:ecs/service:Service web") || len(d.Added) != 0 {
		t.Errorf("removed %v, added %v", removed, d.Added)
	}
	if d.Cost.Delta >= 0 {
		t.Errorf("removing a service costs %+.2f", d.Cost.Delta)
	}
}
