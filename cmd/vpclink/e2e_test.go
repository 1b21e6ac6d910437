package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/smithy-go"

	"github.com/vpclink/vpclink/doctor"
	"github.com/vpclink/vpclink/internal/testenv"
)

// TestEndToEndOnAWS deploys the dev stack (http-alb: VPC, one NAT gateway, internal ALB, V2 link,
// HTTP API, one Fargate task of the echo image) on a real AWS account under a unique stack name,
// waits until doctor says OK, sends a request through the HTTP API and requires the echo backend's
// 200, then destroys the stack and checks that nothing is left. It costs about 0.05 USD and takes
// 15 to 25 minutes (README, Tests). Opt in with VPCLINK_E2E=1, AWS credentials and AWS_REGION.
func TestEndToEndOnAWS(t *testing.T) {
	if os.Getenv("VPCLINK_E2E") != "1" {
		t.Skip("end-to-end test on a real AWS account, skipped: run it with VPCLINK_E2E=1 AWS_REGION=us-east-1 (and AWS credentials) " +
			"go test ./cmd/vpclink -run TestEndToEndOnAWS -timeout 60m; it creates and destroys a dev stack (about 20 minutes, about 0.05 USD)")
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = os.Getenv("AWS_DEFAULT_REGION")
	}
	if region == "" {
		t.Fatal("VPCLINK_E2E=1 needs AWS_REGION")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 55*time.Minute)
	defer cancel()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		t.Fatalf("VPCLINK_E2E=1 needs AWS credentials: %v", err)
	}
	t.Setenv("VPCLINK_PULUMI_ROOT", testenv.PulumiRoot(t))
	if os.Getenv("PULUMI_CONFIG_PASSPHRASE") == "" {
		t.Setenv("PULUMI_CONFIG_PASSPHRASE", fmt.Sprintf("e2e-%d", time.Now().UnixNano()))
	}
	dir := testenv.CopyProject(t)
	stack := fmt.Sprintf("e2e-%d", time.Now().Unix())
	// The dev stack's config (Pulumi.dev.yaml sets only aws:region) under the unique name.
	if err := os.WriteFile(filepath.Join(dir, "Pulumi."+stack+".yaml"), []byte("config:\n  aws:region: "+region+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cli := func(args ...string) (int, string) {
		var out, errOut bytes.Buffer
		code := run(ctx, append(args, "--stack", stack, "--cwd", dir), strings.NewReader(""), &out, &errOut)
		return code, out.String() + errOut.String()
	}

	destroyed := false
	var outputs map[string]any
	t.Cleanup(func() {
		if destroyed {
			return
		}
		// Never leave a paid stack behind, whatever failed.
		if code, out := cli("destroy", "--yes"); code != exitOK {
			t.Errorf("cleanup destroy of stack %s: exit %d\n%s\nDELETE IT BY HAND: vpclink destroy --stack %s --cwd %s", stack, code, out, stack, dir)
		}
	})

	start := time.Now()
	if code, out := cli("up", "--yes"); code != exitOK {
		t.Fatalf("up: exit %d\n%s", code, out)
	}
	t.Logf("up took %s", time.Since(start).Round(time.Second))
	code, out := cli("outputs", "--json")
	if code != exitOK || json.Unmarshal([]byte(out), &outputs) != nil {
		t.Fatalf("outputs: exit %d\n%s", code, out)
	}

	// Links, targets and tasks settle after up returns; doctor must reach OK within 10 minutes.
	var rep doctor.Report
	deadline := time.Now().Add(10 * time.Minute)
	for {
		code, out = cli("doctor", "--json")
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("doctor --json is not JSON: %v\n%s", err, out)
		}
		if code == doctor.ExitOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("doctor did not reach OK within 10 minutes: exit %d\n%s", code, out)
		}
		time.Sleep(30 * time.Second)
	}
	t.Logf("doctor OK after %s, its run took %d ms", time.Since(start).Round(time.Second), rep.DurationMs)

	frontend := outputs["frontends"].(map[string]any)["http-alb"].(map[string]any)
	url := frontend["invokeUrls"].(map[string]any)["api"].(string) + "/e2e-" + stack
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// mendhak/http-https-echo answers every path with a JSON echo of the request, path included.
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "/e2e-"+stack) {
		t.Fatalf("GET %s: %d\n%s", url, resp.StatusCode, body)
	}

	if code, out := cli("destroy", "--yes"); code != exitOK {
		t.Fatalf("destroy: exit %d\n%s", code, out)
	}
	destroyed = true
	t.Logf("whole test took %s", time.Since(start).Round(time.Second))
	verifyNothingLeft(ctx, t, cfg, outputs)
	if code, out := cli("outputs", "--json"); code != exitOK || strings.TrimSpace(out) != "{}" {
		t.Errorf("the stack still has outputs after destroy: exit %d\n%s", code, out)
	}
}

// verifyNothingLeft asks AWS for what the stack had: the VPC, the V2 link, the ALB, the cluster.
func verifyNothingLeft(ctx context.Context, t *testing.T, cfg aws.Config, outputs map[string]any) {
	t.Helper()
	notFound := func(what string, err error, codes ...string) {
		t.Helper()
		var ae smithy.APIError
		if err == nil {
			t.Errorf("%s still exists after destroy", what)
		} else if !errors.As(err, &ae) || !slices.Contains(codes, ae.ErrorCode()) {
			t.Errorf("%s: %v", what, err)
		}
	}
	vpc, _ := outputs["vpcId"].(string)
	_, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{vpc}})
	notFound("VPC "+vpc, err, "InvalidVpcID.NotFound")
	link, _ := outputs["httpVpcLinkId"].(string)
	_, err = apigatewayv2.NewFromConfig(cfg).GetVpcLink(ctx, &apigatewayv2.GetVpcLinkInput{VpcLinkId: aws.String(link)})
	notFound("VPC link "+link, err, "NotFoundException")
	alb, _ := outputs["albDnsName"].(string)
	name := strings.TrimPrefix(strings.Split(alb, ".")[0], "internal-")
	name = name[:strings.LastIndex(name, "-")]
	_, err = elb.NewFromConfig(cfg).DescribeLoadBalancers(ctx, &elb.DescribeLoadBalancersInput{Names: []string{name}})
	notFound("load balancer "+name, err, "LoadBalancerNotFound")
	cluster, _ := outputs["clusterName"].(string)
	out, err := ecs.NewFromConfig(cfg).DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: []string{cluster}})
	if err != nil {
		t.Errorf("cluster %s: %v", cluster, err)
	} else if len(out.Clusters) > 0 && aws.ToString(out.Clusters[0].Status) != "INACTIVE" {
		t.Errorf("cluster %s is %s after destroy", cluster, aws.ToString(out.Clusters[0].Status))
	}
}
