package doctor

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	gwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	gw2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
)

// How long a link may stay PENDING before doctor calls it stuck. AWS: a V2 link takes a minute or
// two, a V1 link often about ten (aws-facts A7); vpclink's own create timeouts are 15 and 30
// minutes.
const (
	v2PendingTooLong = 10 * time.Minute
	v1PendingTooLong = 30 * time.Minute
)

func (r *run) checkLinks(ctx context.Context) {
	if r.t.HttpVpcLinkID != "" {
		r.checkHttpLink(ctx)
	}
	if r.t.RestVpcLinkID != "" {
		r.checkRestLink(ctx)
	}
}

// checkHttpLink checks the V2 link: its status (types.VpcLinkStatus), message and age.
func (r *run) checkHttpLink(ctx context.Context) {
	id := r.t.HttpVpcLinkID
	cctx, cancel := r.call(ctx)
	out, err := r.o.Clients.APIGatewayV2.GetVpcLink(cctx, &apigatewayv2.GetVpcLinkInput{VpcLinkId: aws.String(id)})
	cancel()
	if errorCode(err) == "NotFoundException" {
		r.add(Check{Kind: KindVpcLink, Name: "http (V2)", Resource: id, Status: Fail,
			Summary: "the HTTP API's VPC link does not exist", Evidence: []string{describeErr(err)},
			Cause: "it was deleted outside Pulumi", Fix: "vpclink refresh --stack " + r.t.Stack + " --yes, then vpclink up recreates it"})
		return
	}
	if err != nil {
		r.add(r.failedCall(KindVpcLink, "http (V2)", id, "apigateway:GET (GetVpcLink V2)", err))
		return
	}
	if len(out.SecurityGroupIds) == 1 {
		r.groupIDs[RoleHttpLink] = out.SecurityGroupIds[0]
	}
	c := Check{Kind: KindVpcLink, Name: "http (V2)", Resource: id, Status: OK}
	age := ""
	var elapsed time.Duration
	if out.CreatedDate != nil {
		elapsed = r.o.Now().Sub(*out.CreatedDate)
		age = ", created " + roundAge(elapsed) + " ago"
	}
	c.Evidence = []string{
		fmt.Sprintf("status %s%s%s", out.VpcLinkStatus, suffix(aws.ToString(out.VpcLinkStatusMessage)), age),
		fmt.Sprintf("subnets %s, security groups %s", strings.Join(out.SubnetIds, ", "), strings.Join(out.SecurityGroupIds, ", ")),
	}
	replace := "replace the link: pulumi up --target-replace '" + orText(r.t.HttpLinkURN, "<the link's URN>") + "'"
	switch out.VpcLinkStatus {
	case gw2types.VpcLinkStatusAvailable:
		c.Summary = "AVAILABLE"
	case gw2types.VpcLinkStatusPending:
		c.Facts = []string{"A7"}
		if elapsed < v2PendingTooLong {
			c.Status, c.Summary = Warn, "PENDING"+roundFor(elapsed)+": a V2 link takes a minute or two to provision"
			c.Cause, c.Fix = "the link is still creating its network interfaces", "wait and run doctor again"
			break
		}
		c.Status, c.Summary = Fail, "stuck in PENDING"+roundFor(elapsed)+", far beyond the minute or two a V2 link takes"
		c.Cause = "API Gateway cannot create the link's network interfaces in its subnets: the account's ENI quota, no free IP addresses, or a zone V2 links do not support (A9)"
		c.Fix = "read the status message; free IPs or raise the quota, or move the link to supported zones; then " + replace
		c.Facts = append(c.Facts, "A9")
	case gw2types.VpcLinkStatusFailed:
		c.Status, c.Summary = Fail, "FAILED"+suffix(aws.ToString(out.VpcLinkStatusMessage))
		c.Cause = "API Gateway could not provision the link: a subnet in a zone V2 links do not support (A9), a subnet or security group deleted, or the ENI quota"
		c.Fix = "fix what the message names, then " + replace
		c.Facts = []string{"A7", "A9"}
	case gw2types.VpcLinkStatusInactive:
		c.Status, c.Summary = Fail, "INACTIVE: no traffic for 60 days, its network interfaces were deleted"
		c.Cause = "a V2 link that carries no traffic for 60 days goes INACTIVE; requests fail until it provisions again (A10)"
		c.Fix = "send a request through each frontend; the link returns to PENDING, then AVAILABLE within minutes. Keep a synthetic check calling each frontend"
		c.Facts = []string{"A10"}
	case gw2types.VpcLinkStatusDeleting:
		c.Status, c.Summary = Fail, "DELETING"
		c.Cause, c.Fix = "the link is being deleted (a destroy, or a replacement)", "wait for it to finish, then vpclink up"
	default:
		c.Status, c.Summary = Warn, "status "+string(out.VpcLinkStatus)
	}
	r.add(c)
}

// checkRestLink checks the V1 link (types.VpcLinkStatus of apigateway) and, as AWS's own
// troubleshooting advises for a link stuck in PENDING, whether its NLB is active with healthy
// targets.
func (r *run) checkRestLink(ctx context.Context) {
	id := r.t.RestVpcLinkID
	cctx, cancel := r.call(ctx)
	out, err := r.o.Clients.APIGateway.GetVpcLink(cctx, &apigateway.GetVpcLinkInput{VpcLinkId: aws.String(id)})
	cancel()
	if errorCode(err) == "NotFoundException" {
		r.add(Check{Kind: KindVpcLink, Name: "rest (V1)", Resource: id, Status: Fail,
			Summary: "the REST API's VPC link does not exist", Evidence: []string{describeErr(err)},
			Cause: "it was deleted outside Pulumi", Fix: "vpclink refresh --stack " + r.t.Stack + " --yes, then vpclink up recreates it"})
		return
	}
	if err != nil {
		r.add(r.failedCall(KindVpcLink, "rest (V1)", id, "apigateway:GET (GetVpcLink)", err))
		return
	}
	c := Check{Kind: KindVpcLink, Name: "rest (V1)", Resource: id, Status: OK}
	c.Evidence = []string{fmt.Sprintf("status %s%s, targets %s", out.Status, suffix(aws.ToString(out.StatusMessage)), strings.Join(out.TargetArns, ", "))}
	nlb := r.lbs[RoleNlb]
	nlbOK := nlb != nil && nlb.active && nlb.healthy > 0
	if nlb != nil {
		c.Evidence = append(c.Evidence, fmt.Sprintf("NLB %s: active %t, %d of %d targets healthy", nlb.arn, nlb.active, nlb.healthy, nlb.targets))
		if len(out.TargetArns) != 1 || out.TargetArns[0] != nlb.arn {
			c.Status, c.Summary = Fail, "the link does not target the stack's NLB"
			c.Cause = "the link's target was changed outside Pulumi; a V1 link targets exactly one NLB (A5)"
			c.Fix = "pulumi up --target-replace '" + orText(r.t.RestLinkURN, "<the link's URN>") + "'"
			c.Facts = []string{"A5"}
			r.add(c)
			return
		}
	}
	replace := "pulumi up --target-replace '" + orText(r.t.RestLinkURN, "<the link's URN>") + "'"
	switch out.Status {
	case gwtypes.VpcLinkStatusAvailable:
		c.Summary = "AVAILABLE"
		if nlb != nil && !nlbOK {
			c.Status, c.Summary = Warn, "AVAILABLE, but its NLB has no healthy targets: requests through it fail"
			c.Cause, c.Fix = "see the nlb load-balancer and target-group checks", "fix the targets first"
		}
	case gwtypes.VpcLinkStatusPending:
		c.Status, c.Summary = Warn, "PENDING: a V1 link often takes about ten minutes (A7)"
		c.Cause, c.Fix = "the link is still being provisioned", "wait and run doctor again; past 30 minutes it is stuck"
		c.Facts = []string{"A7"}
		if nlb != nil && !nlbOK {
			c.Status, c.Summary = Fail, "PENDING while its NLB is not active with healthy targets"
			c.Cause = "a V1 link may not become AVAILABLE while its NLB is not active or has no healthy targets"
			c.Fix = "fix the NLB's targets (see its target-group check); if the link stays PENDING past 30 minutes, " + replace
		}
	case gwtypes.VpcLinkStatusFailed:
		c.Status, c.Summary = Fail, "FAILED"+suffix(aws.ToString(out.StatusMessage))
		c.Cause = "the NLB is gone, has no listener, or is in another account or Region (A5)"
		c.Fix = "fix what the message names, then " + replace
		c.Facts = []string{"A5"}
	case gwtypes.VpcLinkStatusDeleting:
		c.Status, c.Summary = Fail, "DELETING"
		c.Cause, c.Fix = "the link is being deleted (a destroy, or a replacement)", "wait for it to finish, then vpclink up"
	default:
		c.Status, c.Summary = Warn, "status "+string(out.Status)
	}
	r.add(c)
}

func roundAge(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	case d >= time.Hour:
		return d.Round(time.Minute).String()
	}
	return d.Round(time.Second).String()
}

func roundFor(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return " for " + roundAge(d)
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
