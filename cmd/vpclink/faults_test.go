package main

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpclink/vpclink/internal/fakeaws"
)

// Both API flavours over one set of services, so one stack has every resource type the fault
// table covers: a V2 link (http-alb), a V1 link and a REST deployment (rest-nlb), an ALB, an NLB
// and the ECS service behind them.
// The REST frontend stays on the legacy V1 link, so the table covers both kinds of link.
const bothFrontends = `vpclink:frontends=[{"variant":"http-alb"},{"variant":"rest-nlb","vpcLink":"v1"}]`

// Resource types the fault table hits.
const (
	v2Link         = "aws:apigatewayv2/vpcLink:VpcLink"
	v1Link         = "aws:apigateway/vpcLink:VpcLink"
	lbType         = "aws:lb/loadBalancer:LoadBalancer"
	ecsService     = "aws:ecs/service:Service"
	restDeployment = "aws:apigateway/deployment:Deployment"
)

// faultStep is one row of the fault table: a command run once with faults injected, which must
// fail, and then again without them, which must converge.
type faultStep struct {
	// op is what fails: create, update or delete, as the table reports it.
	op string
	// cmd is up or destroy; config the overrides of both runs.
	cmd    string
	config []string
	faults []fakeaws.Fault
}

// AWS's error texts, as the Terraform AWS provider behind pulumi-aws reports them.
var (
	// aws-facts A3 (10 V2 links per Region): terraform-provider-aws PR 40500.
	errV2LinkQuota = "creating API Gateway v2 VPC Link (http-link): BadRequestException: There are too many Vpc Links defined for this account. Limit is 10."
	// A V1 link that ends FAILED (its NLB already serves another endpoint service): the provider
	// keeps its id (terraform-provider-aws PR 18382, issue 12796).
	errV1LinkFailed = `waiting for API Gateway VPC Link (rest-link) to become available: unexpected state 'FAILED', wanted target 'AVAILABLE'. last error: NLB is already associated with another VPC Endpoint Service`
	errLinkConflict = "updating API Gateway VPC Link (rest-link): ConflictException: Unable to complete operation due to concurrent modification. Please try again later."
	// aws-facts R8: a link referenced by an integration, or its ENIs still attached.
	errLinkInUse  = "deleting API Gateway v2 VPC Link (http-link): BadRequestException: Cannot delete vpc link. Vpc link is in use by one or more integrations or its network interfaces are still attached"
	errLBQuota    = "creating ELBv2 application Load Balancer (alb): TooManyLoadBalancers: The maximum number of load balancers has been reached"
	errLBThrottle = "updating ELBv2 Load Balancer (nlb) tags: Throttling: Rate exceeded"
	// aws-facts E7: deletion protection turned on in the console.
	errLBProtected = "deleting ELBv2 Load Balancer (alb): OperationNotPermitted: Load balancer 'alb' cannot be deleted because deletion protection is enabled"
	// aws-facts E2: the circuit breaker rolls a failing deployment back.
	errECSCreateBreaker = "waiting for ECS Service (api) create: ECS Deployment Circuit Breaker was triggered: the deployment failed and was rolled back; tasks failed to start (CannotPullContainerError)"
	errECSUpdateBreaker = "waiting for ECS Service (api) update: ECS Deployment Circuit Breaker was triggered: rolled back to the last completed deployment"
	errECSDelete        = "deleting ECS Service (api): InvalidParameterException: The service cannot be stopped while it is scaled above 0."
	// aws-facts A4 (CreateDeployment 1 per 5 s).
	errDeployRate = "creating API Gateway Deployment (rest-nlb): TooManyRequestsException: Too Many Requests"
	// Deleting a deployment a stage still points at (peers: pulumi 5849, pulumi-aws 3060).
	errDeployActive = "deleting API Gateway Deployment (rest-nlb): BadRequestException: Active stages pointing to this deployment must be moved or deleted"
	errDeployDelete = "deleting API Gateway Deployment (rest-nlb): TooManyRequestsException: Too Many Requests"
)

// The fault table: for a VPC link, a load balancer, an ECS service and a REST deployment, at
// least one create, one update and one delete that AWS refuses. Each lane is one stack run through
// its faults in order; lanes run in parallel. For every step: the command exits non-zero and
// shows the AWS error and the resource; the state holds exactly what the cloud holds (what was
// created, and nothing lost); the same command once the fault is gone converges (a no-op preview
// after an up, nothing left after a destroy) with no resource created twice and no orphan.
func TestFaults(t *testing.T) {
	tags := func(v string) []string { return []string{"vpclink:tags.fault=" + v} }
	lanes := []struct {
		name  string
		steps []faultStep
	}{
		{"vpc-link", []faultStep{
			{"create", "up", nil, []fakeaws.Fault{{Op: "create", Type: v1Link, Name: "rest-link", Err: errV1LinkFailed, Partial: true}}},
			{"update", "up", tags("a"), []fakeaws.Fault{{Op: "update", Type: v1Link, Name: "rest-link", Err: errLinkConflict}}},
			{"delete", "destroy", tags("a"), []fakeaws.Fault{{Op: "delete", Type: v2Link, Name: "http-link", Err: errLinkInUse}}},
			// The engine stops starting steps after the first failure, so each create fault
			// gets an up of its own, on the stack the destroy emptied.
			{"create", "up", nil, []fakeaws.Fault{{Op: "create", Type: v2Link, Name: "http-link", Err: errV2LinkQuota}}},
		}},
		{"load-balancer", []faultStep{
			{"create", "up", nil, []fakeaws.Fault{{Op: "create", Type: lbType, Name: "alb", Err: errLBQuota}}},
			{"update", "up", tags("a"), []fakeaws.Fault{{Op: "update", Type: lbType, Name: "nlb", Err: errLBThrottle}}},
			{"delete", "destroy", tags("a"), []fakeaws.Fault{{Op: "delete", Type: lbType, Name: "alb", Err: errLBProtected}}},
		}},
		{"ecs-service", []faultStep{
			{"create", "up", nil, []fakeaws.Fault{{Op: "create", Type: ecsService, Name: "api", Err: errECSCreateBreaker, Partial: true}}},
			{"update", "up", tags("a"), []fakeaws.Fault{{Op: "update", Type: ecsService, Name: "api", Err: errECSUpdateBreaker}}},
			{"delete", "destroy", tags("a"), []fakeaws.Fault{{Op: "delete", Type: ecsService, Name: "api", Err: errECSDelete}}},
		}},
		{"rest-deployment", []faultStep{
			{"create", "up", nil, []fakeaws.Fault{{Op: "create", Type: restDeployment, Name: "rest-nlb", Err: errDeployRate}}},
			// A deployment is a snapshot, never updated in place: a change of the API's shape
			// replaces it (aws-facts R1), creating the new one, moving the stage, deleting the
			// old one. Both halves fail here in turn.
			{"update (redeploy: create the new)", "up", []string{`vpclink:frontends[1].timeoutMs=20000`}, []fakeaws.Fault{{Op: "create", Type: restDeployment, Name: "rest-nlb", Err: errDeployRate}}},
			{"update (redeploy: delete the old)", "up", []string{`vpclink:frontends[1].timeoutMs=25000`}, []fakeaws.Fault{{Op: "delete", Type: restDeployment, Name: "rest-nlb", Err: errDeployActive}}},
			{"delete", "destroy", []string{`vpclink:frontends[1].timeoutMs=25000`}, []fakeaws.Fault{{Op: "delete", Type: restDeployment, Name: "rest-nlb", Err: errDeployDelete}}},
		}},
	}
	var mu sync.Mutex
	var rows []string
	start := time.Now()
	t.Cleanup(func() {
		slices.Sort(rows)
		t.Logf("fault table (%s in all):\n%s", time.Since(start).Round(time.Second), strings.Join(rows, "\n"))
	})
	for _, lane := range lanes {
		t.Run(lane.name, func(t *testing.T) {
			t.Parallel()
			d := newDeployment(t, "dev", "", nil)
			d.args = []string{"--config", bothFrontends}
			for i, step := range lane.steps {
				var args []string
				for _, c := range step.config {
					args = append(args, "--config", c)
				}
				args = append([]string{step.cmd, "--yes"}, args...)

				d.srv.Inject(step.faults...)
				code, out := d.vpclink(args...)
				if code == exitOK {
					t.Fatalf("step %d (%s): %s succeeded despite the faults:\n%s", i, step.op, step.cmd, out)
				}
				if left := d.srv.PendingFaults(); len(left) > 0 {
					t.Fatalf("step %d (%s): faults never fired: %+v\n%s", i, step.op, left, out)
				}
				for _, f := range step.faults {
					if !strings.Contains(out, f.Err) {
						t.Errorf("step %d (%s): the output does not show AWS's error %q", i, step.op, f.Err)
					}
					if !strings.Contains(out, f.Name) {
						t.Errorf("step %d (%s): the output does not name the resource %s", i, step.op, f.Name)
					}
				}
				after := d.checkStateIsCloud(fmt.Sprintf("step %d (%s) after the failed %s", i, step.op, step.cmd))
				left := len(cloudResources(after))
				var fired []string
				for _, f := range d.srv.FiredFaults()[len(d.srv.FiredFaults())-len(step.faults):] {
					kept := "nothing"
					if f.ID != "" {
						kept = "it, id " + f.ID
					}
					fired = append(fired, fmt.Sprintf("%s %s %s (partial: %v, AWS kept %s)", f.Op, f.Type, f.Name, f.Partial, kept))
				}

				// Once the fault is gone, the same command converges.
				d.must(args...)
				d.checkStateIsCloud(fmt.Sprintf("step %d (%s) after the second %s", i, step.op, step.cmd))
				if dups := duplicates(d.srv.Ops()); len(dups) > 0 {
					t.Errorf("step %d (%s): created twice: %v", i, step.op, dups)
				}
				if step.cmd == "up" {
					pargs := []string{"preview"}
					for _, c := range step.config {
						pargs = append(pargs, "--config", c)
					}
					if out := d.must(pargs...); strings.Contains(out, "to create") || strings.Contains(out, "to update") || strings.Contains(out, "to replace") || strings.Contains(out, "to delete") {
						t.Errorf("step %d (%s): the stack did not converge, the preview still changes:\n%s", i, step.op, out)
					}
				} else if live := d.live(); len(live) > 0 {
					t.Errorf("step %d (%s): destroy left %d resources behind: %v", i, step.op, len(live), live)
				}
				mu.Lock()
				rows = append(rows, fmt.Sprintf("| %s | %s (%s) | %s | state after the failure: %d resources = cloud | duplicated %d, orphaned %d |",
					lane.name, step.op, step.cmd, strings.Join(fired, "; "), left, len(duplicates(d.srv.Ops())), len(minus(d.live(), cloudResources(d.state())))))
				mu.Unlock()
			}
			if lane.steps[len(lane.steps)-1].cmd == "up" {
				d.must("destroy", "--yes")
				if live := d.live(); len(live) > 0 {
					t.Errorf("destroy left %d resources behind: %v", len(live), live)
				}
			}
		})
	}
}
