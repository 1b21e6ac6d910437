package fakeaws

import (
	"context"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/vpclink/vpclink/awsspec"
)

// TestFakeRefusesWhatAwsRefuses: for every row of the awsspec table, the fake refuses the row's
// refused example where the real stack fails: in Check, with pulumi-aws's message, for the rules
// pulumi-aws validates itself; at Create (not in preview), with AWS's own error text, for the rest.
func TestFakeRefusesWhatAwsRefuses(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	aws := client(t, s, "aws")
	ctx := context.Background()
	for _, r := range awsspec.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			ex := r.Refused
			urn := "urn:pulumi:dev::vpclink::" + ex.Type + "::" + ex.LogicalName
			in := mustMarshal(t, resource.NewPropertyMapFromMap(ex.Inputs))
			check, err := aws.Check(ctx, &pulumirpc.CheckRequest{Urn: urn, Type: ex.Type, News: in})
			if err != nil {
				t.Fatal(err)
			}
			want := violationOf(t, r, ex)
			if r.Phase == awsspec.AtCheck {
				reasons := ""
				for _, f := range check.GetFailures() {
					reasons += f.GetReason() + "\n"
				}
				wantReason := r.FormatProviderError(want.Value)
				if r.ID == "C11" && want.AWSError != r.FormatAWSError(want.Value) {
					wantReason = want.AWSError // the autonaming refusal
				}
				if !strings.Contains(reasons, wantReason) {
					t.Errorf("Check failures %q lack %q", reasons, wantReason)
				}
				return
			}
			if len(check.GetFailures()) > 0 {
				t.Errorf("pulumi-aws does not check %s, but the fake's Check fails: %v", r.ID, check.GetFailures())
			}
			if _, err := aws.Create(ctx, &pulumirpc.CreateRequest{Urn: urn, Type: ex.Type, Properties: in, Preview: true}); err != nil {
				t.Errorf("preview creation fails, but AWS is not called in a preview: %v", err)
			}
			_, err = aws.Create(ctx, &pulumirpc.CreateRequest{Urn: urn, Type: ex.Type, Properties: in})
			if err == nil || !strings.Contains(err.Error(), want.AWSError) {
				t.Errorf("Create error %v lacks AWS's %q", err, want.AWSError)
			}
		})
	}
}

func violationOf(t *testing.T, r *awsspec.Rule, ex awsspec.Example) awsspec.Violation {
	t.Helper()
	for _, v := range awsspec.CheckResource(ex.Type, resource.NewPropertyMapFromMap(ex.Inputs), ex.LogicalName) {
		if v.Rule == r.ID {
			return v
		}
	}
	t.Fatalf("%s: the example breaks no rule", r.ID)
	return awsspec.Violation{}
}

// A resource that breaks no rule is created as before.
func TestFakeCreatesWhatAwsAccepts(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	aws := client(t, s, "aws")
	urn := "urn:pulumi:dev::vpclink::aws:ec2/securityGroup:SecurityGroup::api"
	in := mustMarshal(t, pm("description", "Tasks of api: port 8080 from what fronts them only", "tags", map[string]any{"Name": "api"}))
	check, err := aws.Check(context.Background(), &pulumirpc.CheckRequest{Urn: urn, Type: awsspec.SecurityGroup, News: in})
	if err != nil || len(check.GetFailures()) > 0 {
		t.Fatalf("Check = %v, %v", check, err)
	}
	if _, err := aws.Create(context.Background(), &pulumirpc.CreateRequest{Urn: urn, Type: awsspec.SecurityGroup, Properties: in}); err != nil {
		t.Fatal(err)
	}
}
