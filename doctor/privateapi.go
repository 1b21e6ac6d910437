package doctor

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// checkPrivateApis checks the execute-api endpoint of the private REST frontends: its state, its
// private DNS setting against the VPC's enableDnsSupport and enableDnsHostnames (aws-facts R5), and
// prints the curl to run from inside the VPC.
func (r *run) checkPrivateApis(ctx context.Context) {
	var privates []Frontend
	for _, f := range r.t.Frontends {
		if f.Variant.IsPrivate() {
			privates = append(privates, f)
		}
	}
	if len(privates) == 0 || r.t.ExecuteApiEndpointID == "" {
		return
	}
	id := r.t.ExecuteApiEndpointID
	cctx, cancel := r.call(ctx)
	out, err := r.o.Clients.EC2.DescribeVpcEndpoints(cctx, &ec2.DescribeVpcEndpointsInput{VpcEndpointIds: []string{id}})
	cancel()
	if errorCode(err) == "InvalidVpcEndpointId.NotFound" {
		r.add(Check{Kind: KindPrivateApi, Name: privates[0].Name, Resource: id, Status: Fail,
			Summary: "the execute-api endpoint does not exist", Evidence: []string{describeErr(err)},
			Cause: "it was deleted outside Pulumi: the private API is unreachable", Fix: "vpclink refresh --stack " + r.t.Stack + " --yes, then vpclink up"})
		return
	}
	if err != nil || len(out.VpcEndpoints) == 0 {
		if err == nil {
			err = fmt.Errorf("no endpoint %s in the answer", id)
		}
		r.add(r.failedCall(KindPrivateApi, privates[0].Name, id, "ec2:DescribeVpcEndpoints", err))
		return
	}
	ep := out.VpcEndpoints[0]
	if len(ep.Groups) == 1 {
		r.groupIDs[RoleEndpoint] = aws.ToString(ep.Groups[0].GroupId)
	}
	vpcID := orText(aws.ToString(ep.VpcId), r.t.VpcID)
	support, supportErr := r.vpcAttribute(ctx, vpcID, ec2types.VpcAttributeNameEnableDnsSupport)
	hostnames, hostnamesErr := r.vpcAttribute(ctx, vpcID, ec2types.VpcAttributeNameEnableDnsHostnames)
	privateDNS := aws.ToBool(ep.PrivateDnsEnabled)
	for _, f := range privates {
		c := Check{Kind: KindPrivateApi, Name: f.Name, Resource: id, Status: OK}
		c.Evidence = append(c.Evidence, fmt.Sprintf("endpoint %s state %s, private DNS %s, VPC %s", id, ep.State, onOff(privateDNS), vpcID))
		if supportErr == nil && hostnamesErr == nil {
			c.Evidence = append(c.Evidence, fmt.Sprintf("VPC enableDnsSupport %t, enableDnsHostnames %t", support, hostnames))
		}
		c.Commands = r.curls(f, ep, privateDNS)
		state := strings.ToLower(string(ep.State))
		switch {
		case supportErr != nil || hostnamesErr != nil:
			err := supportErr
			if err == nil {
				err = hostnamesErr
			}
			fc := r.failedCall(KindPrivateApi, f.Name, id, "ec2:DescribeVpcAttribute", err)
			fc.Evidence = append(c.Evidence, fc.Evidence...)
			fc.Commands = c.Commands
			c = fc
		case state != "available":
			c.Status, c.Summary = Fail, "the endpoint is "+string(ep.State)
			if state == "pending" || state == "pendingacceptance" {
				c.Status = Warn
			}
			if ep.LastError != nil {
				c.Evidence = append(c.Evidence, fmt.Sprintf("last error %s: %s", aws.ToString(ep.LastError.Code), aws.ToString(ep.LastError.Message)))
			}
			c.Cause = "an interface endpoint serves requests only once available"
			c.Fix = "wait if pending; otherwise read the last error, then vpclink up replaces it"
		case privateDNS && (!support || !hostnames):
			c.Status = Fail
			c.Summary = "private DNS is on but the VPC has " + dnsOff(support, hostnames) + ": the API's name does not resolve to the endpoint"
			c.Cause = "private DNS needs both enableDnsSupport and enableDnsHostnames on the VPC (R5); without them https://" + f.ApiID + ".execute-api." + r.t.Region + ".amazonaws.com resolves to public addresses and the private API refuses the call"
			c.Fix = "aws ec2 modify-vpc-attribute --vpc-id " + vpcID + " --enable-dns-hostnames '{\"Value\":true}' (and --enable-dns-support the same way); meanwhile use the {api}-{vpce} URL below"
			c.Facts = []string{"R5"}
		case !support:
			c.Status = Fail
			c.Summary = "the VPC has enableDnsSupport off: nothing in it resolves the endpoint's names"
			c.Cause = "the Amazon DNS server of the VPC is off, so neither the {api}-{vpce} name nor the endpoint's own name resolves from inside (R5)"
			c.Fix = "aws ec2 modify-vpc-attribute --vpc-id " + vpcID + " --enable-dns-support '{\"Value\":true}'"
			c.Facts = []string{"R5"}
		case privateDNS != r.t.PrivateDNS:
			c.Status = Warn
			c.Summary = fmt.Sprintf("private DNS is %s on the endpoint but %s in the stack's config", onOff(privateDNS), onOff(r.t.PrivateDNS))
			c.Cause = "the endpoint was changed outside Pulumi, or the config was changed without vpclink up; with private DNS on, calls from the VPC to public API Gateway APIs get 403 (R5)"
			c.Fix = "vpclink up --stack " + r.t.Stack + " sets it back to the config"
			c.Facts = []string{"R5"}
		default:
			c.Summary = "available, private DNS " + onOff(privateDNS) + "; call it from inside the VPC as below"
		}
		r.add(c)
	}
}

func (r *run) vpcAttribute(ctx context.Context, vpc string, attr ec2types.VpcAttributeName) (bool, error) {
	cctx, cancel := r.call(ctx)
	defer cancel()
	out, err := r.o.Clients.EC2.DescribeVpcAttribute(cctx, &ec2.DescribeVpcAttributeInput{VpcId: aws.String(vpc), Attribute: attr})
	if err != nil {
		return false, err
	}
	v := out.EnableDnsSupport
	if attr == ec2types.VpcAttributeNameEnableDnsHostnames {
		v = out.EnableDnsHostnames
	}
	return v != nil && aws.ToBool(v.Value), nil
}

// curls are the requests to send from inside the VPC, as AWS documents them for private APIs
// (apigateway-private-api-test-invoke-url): the {api}-{vpce} host, which needs no private DNS; the
// endpoint's own DNS name with the x-apigw-api-id header; and with private DNS the API's own name.
func (r *run) curls(f Frontend, ep ec2types.VpcEndpoint, privateDNS bool) []string {
	path := "/" + f.Stage + r.probePath(f)
	var cmds []string
	vpce := aws.ToString(ep.VpcEndpointId)
	cmds = append(cmds, fmt.Sprintf("curl -sS -i https://%s-%s.execute-api.%s.amazonaws.com%s", f.ApiID, vpce, r.t.Region, path))
	if dns := regionalDNSName(ep); dns != "" {
		cmds = append(cmds, fmt.Sprintf("curl -sS -i -H 'x-apigw-api-id: %s' https://%s%s", f.ApiID, dns, path))
	}
	if privateDNS {
		cmds = append(cmds, fmt.Sprintf("curl -sS -i https://%s.execute-api.%s.amazonaws.com%s", f.ApiID, r.t.Region, path))
	}
	return cmds
}

// probePath is the path under a frontend's stage the private API's curl and the probes ask for:
// the first service's prefix and health path.
func (r *run) probePath(f Frontend) string {
	if len(r.t.Services) == 0 {
		return "/"
	}
	s := r.t.Services[0]
	return s.PathPrefix + orText(r.o.ProbePath, s.HealthCheckPath)
}

// regionalDNSName is the endpoint's Regional DNS name (vpce-<id>-<suffix>.execute-api.<region>.vpce.amazonaws.com),
// the shortest of its entries; the others are per zone.
func regionalDNSName(ep ec2types.VpcEndpoint) string {
	best := ""
	for _, d := range ep.DnsEntries {
		n := aws.ToString(d.DnsName)
		if strings.HasPrefix(n, "vpce-") && (best == "" || len(n) < len(best)) {
			best = n
		}
	}
	return best
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func dnsOff(support, hostnames bool) string {
	switch {
	case !support && !hostnames:
		return "enableDnsSupport and enableDnsHostnames off"
	case !support:
		return "enableDnsSupport off"
	}
	return "enableDnsHostnames off"
}
