package doctor

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// lbInfo is what the load balancer step learned, for the link and security group steps.
type lbInfo struct {
	arn     string
	active  bool
	healthy int // healthy targets over all target groups
	targets int
}

// checkLoadBalancers checks each load balancer's state and, per target group, the health of each
// target with the reason ELB gives (DescribeTargetHealth, types.TargetHealthReasonEnum).
func (r *run) checkLoadBalancers(ctx context.Context) {
	for _, lb := range []struct{ role, dns, output string }{
		{RoleAlb, r.t.AlbDNSName, "albDnsName"}, {RoleNlb, r.t.NlbDNSName, "nlbDnsName"},
	} {
		if lb.dns == "" {
			continue
		}
		r.checkLoadBalancer(ctx, lb.role, lb.dns, lb.output)
	}
}

func (r *run) checkLoadBalancer(ctx context.Context, role, dns, output string) {
	name := lbNameFromDNS(dns)
	cctx, cancel := r.call(ctx)
	out, err := r.o.Clients.ELB.DescribeLoadBalancers(cctx, &elb.DescribeLoadBalancersInput{Names: []string{name}})
	cancel()
	if errorCode(err) == "LoadBalancerNotFound" {
		r.add(Check{Kind: KindLoadBalancer, Name: role, Resource: dns, Status: Fail,
			Summary:  fmt.Sprintf("load balancer %s (output %s) does not exist", name, output),
			Evidence: []string{describeErr(err)},
			Cause:    "it was deleted outside Pulumi, or the stack's state is from another account or Region",
			Fix:      "vpclink refresh --stack " + r.t.Stack + " --yes, then vpclink up --stack " + r.t.Stack + " recreates it"})
		return
	}
	if err != nil {
		r.add(r.failedCall(KindLoadBalancer, role, dns, "elasticloadbalancing:DescribeLoadBalancers", err))
		return
	}
	var found *elbtypes.LoadBalancer
	for i, l := range out.LoadBalancers {
		if strings.EqualFold(aws.ToString(l.DNSName), dns) {
			found = &out.LoadBalancers[i]
		}
	}
	if found == nil {
		r.add(Check{Kind: KindLoadBalancer, Name: role, Resource: dns, Status: Fail,
			Summary: fmt.Sprintf("no load balancer has the DNS name %s (output %s)", dns, output),
			Cause:   "the load balancer was replaced outside Pulumi", Fix: "vpclink refresh --stack " + r.t.Stack + " --yes, then vpclink up"})
		return
	}
	info := &lbInfo{arn: aws.ToString(found.LoadBalancerArn)}
	r.lbs[role] = info
	if len(found.SecurityGroups) == 1 {
		r.groupIDs[role] = found.SecurityGroups[0]
	}
	c := Check{Kind: KindLoadBalancer, Name: role, Resource: info.arn, Status: OK}
	state := elbtypes.LoadBalancerStateEnum("")
	reason := ""
	if found.State != nil {
		state = found.State.Code
		reason = aws.ToString(found.State.Reason)
	}
	c.Evidence = append(c.Evidence, fmt.Sprintf("state %s%s, type %s, scheme %s, security groups %s", state, suffix(reason), found.Type, found.Scheme, strings.Join(found.SecurityGroups, ", ")))
	switch state {
	case elbtypes.LoadBalancerStateEnumActive:
		info.active = true
		c.Summary = "active"
	case elbtypes.LoadBalancerStateEnumProvisioning:
		c.Status, c.Summary = Warn, "still provisioning"
		c.Cause, c.Fix = "a new load balancer takes a few minutes", "wait and run doctor again"
	case elbtypes.LoadBalancerStateEnumActiveImpaired:
		c.Status, c.Summary = Warn, "active but impaired: it cannot scale"
		c.Cause, c.Fix = "ELB reports the load balancer impaired"+suffix(reason), "check the subnets' free IP addresses; AWS usually recovers it"
	default:
		c.Status, c.Summary = Fail, fmt.Sprintf("state %s", state)
		c.Cause, c.Fix = "ELB could not provision it"+suffix(reason), "fix the cause, then replace it with vpclink up"
	}
	r.add(c)
	r.checkTargetGroups(ctx, role, info)
}

func (r *run) checkTargetGroups(ctx context.Context, role string, info *lbInfo) {
	cctx, cancel := r.call(ctx)
	tgs, err := r.o.Clients.ELB.DescribeTargetGroups(cctx, &elb.DescribeTargetGroupsInput{LoadBalancerArn: aws.String(info.arn)})
	cancel()
	if err != nil {
		r.add(r.failedCall(KindTargetGroup, role, info.arn, "elasticloadbalancing:DescribeTargetGroups", err))
		return
	}
	for _, tg := range tgs.TargetGroups {
		r.checkTargetGroup(ctx, role, tg, info)
	}
}

func (r *run) checkTargetGroup(ctx context.Context, role string, tg elbtypes.TargetGroup, info *lbInfo) {
	name := role + "/" + aws.ToString(tg.TargetGroupName)
	arn := aws.ToString(tg.TargetGroupArn)
	cctx, cancel := r.call(ctx)
	out, err := r.o.Clients.ELB.DescribeTargetHealth(cctx, &elb.DescribeTargetHealthInput{TargetGroupArn: tg.TargetGroupArn})
	cancel()
	if err != nil {
		r.add(r.failedCall(KindTargetGroup, name, arn, "elasticloadbalancing:DescribeTargetHealth", err))
		return
	}
	hc := fmt.Sprintf("health check %s %s on port %s", tg.HealthCheckProtocol, aws.ToString(tg.HealthCheckPath), aws.ToString(tg.HealthCheckPort))
	if tg.HealthCheckProtocol == elbtypes.ProtocolEnumTcp {
		hc = "health check TCP connect on port " + aws.ToString(tg.HealthCheckPort)
	}
	c := Check{Kind: KindTargetGroup, Name: name, Resource: arn, Evidence: []string{hc}}
	counts := map[elbtypes.TargetHealthStateEnum]int{}
	var firstBad *elbtypes.TargetHealth
	for _, d := range out.TargetHealthDescriptions {
		h := d.TargetHealth
		if h == nil {
			h = &elbtypes.TargetHealth{}
		}
		counts[h.State]++
		target := aws.ToString(d.Target.Id)
		if d.Target.Port != nil {
			target += fmt.Sprintf(":%d", *d.Target.Port)
		}
		c.Evidence = append(c.Evidence, fmt.Sprintf("%s %s%s%s", target, h.State, prefixed(" ", string(h.Reason)), parenthesized(aws.ToString(h.Description))))
		if h.State != elbtypes.TargetHealthStateEnumHealthy && firstBad == nil {
			firstBad = h
		}
	}
	total := len(out.TargetHealthDescriptions)
	healthy := counts[elbtypes.TargetHealthStateEnumHealthy]
	info.healthy += healthy
	info.targets += total
	switch {
	case total == 0:
		c.Status, c.Summary = Fail, "no targets registered"
		c.Cause = "the ECS service behind it runs no tasks (see its ecs-service check), or its tasks are registered elsewhere"
		c.Fix = "fix why the service's tasks do not start; ECS registers each running task here"
	case healthy == total:
		c.Status, c.Summary = OK, fmt.Sprintf("%d of %d targets healthy", healthy, total)
	default:
		c.Status = Warn
		if healthy == 0 {
			c.Status = Fail
		}
		c.Summary = fmt.Sprintf("%d of %d targets healthy", healthy, total)
		c.Cause, c.Fix = targetCause(firstBad, tg)
		if healthy == 0 && firstBad.State == elbtypes.TargetHealthStateEnumInitial {
			c.Status = Warn // registration or first checks still in progress
		}
		if healthy == 0 && c.Status == Fail {
			c.Summary += ": the load balancer answers 503 (ALB) or resets connections (NLB)"
		}
	}
	r.add(c)
}

// targetCause maps ELB's reason code (types.TargetHealthReasonEnum; the meanings are ELB's own
// doc comments on TargetHealth.Reason) to the likely cause in a vpclink stack and its fix.
func targetCause(h *elbtypes.TargetHealth, tg elbtypes.TargetGroup) (cause, fix string) {
	port := fmt.Sprint(aws.ToInt32(tg.Port))
	path := aws.ToString(tg.HealthCheckPath)
	switch h.Reason {
	case elbtypes.TargetHealthReasonEnumTimeout:
		return "health checks time out: the security-group chain does not let the load balancer reach the tasks on port " + port +
				" (see the security-group checks), or the container does not listen on that port",
			"restore the missing rule (vpclink refresh, then vpclink up); make the container listen on 0.0.0.0:" + port
	case elbtypes.TargetHealthReasonEnumFailedHealthChecks:
		return "the health check's connection fails: the container is not listening on port " + port + " (crashed, still starting, or bound to 127.0.0.1), or a security group drops the check",
			"read the service's logs and its ecs-service check; make the container listen on 0.0.0.0:" + port
	case elbtypes.TargetHealthReasonEnumResponseCodeMismatch:
		return "the container answers the health-check path " + path + " with a status the matcher does not accept: the path is wrong for this image",
			"set vpclink:services.<name>.healthCheckPath to a path the container answers with 200, then vpclink up"
	case elbtypes.TargetHealthReasonEnumRegistrationInProgress, elbtypes.TargetHealthReasonEnumInitialHealthChecking:
		return "the target was just registered and has not passed its first health checks", "wait a minute and run doctor again"
	case elbtypes.TargetHealthReasonEnumNotInUse:
		return "the target group is not used by a listener, or the target's zone is not enabled on the load balancer", "vpclink up restores the listener wiring"
	case elbtypes.TargetHealthReasonEnumDeregistrationInProgress, elbtypes.TargetHealthReasonEnumNotRegistered:
		return "the task is being stopped or replaced (a deployment, a scale-in, or a failed task)", "see the ecs-service check for why tasks stop"
	case elbtypes.TargetHealthReasonEnumInvalidState, elbtypes.TargetHealthReasonEnumIpUnusable:
		return "the target is stopped or its IP address cannot be used", "see the ecs-service check; ECS replaces stopped tasks"
	case elbtypes.TargetHealthReasonEnumInternalError:
		return "Elastic Load Balancing had an internal error checking the target", "run doctor again; open an AWS support case if it persists"
	}
	return "the target is " + string(h.State), "see the ecs-service check"
}

// lbNameFromDNS extracts a load balancer's name from its DNS name:
// [internal-]<name>-<id>.<region>.elb.amazonaws.com, or <name>-<id>.elb.<region>.amazonaws.com
// for NLBs. A name never starts with "internal-" (CreateLoadBalancer's Name constraint) nor holds
// dots, so both prefixes and the id split off safely.
func lbNameFromDNS(dns string) string {
	host, _, _ := strings.Cut(strings.ToLower(dns), ".")
	host = strings.TrimPrefix(host, "internal-")
	if i := strings.LastIndex(host, "-"); i > 0 {
		host = host[:i]
	}
	return host
}

func suffix(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

func parenthesized(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}
