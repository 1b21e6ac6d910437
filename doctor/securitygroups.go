package doctor

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// checkSecurityGroups compares the live rules of every group of the chain whose id is known (the
// services' from the outputs; the link's, the load balancers' and the endpoint's from AWS) with
// the rules vpclink creates for the stack's config, and names each missing and each extra rule.
func (r *run) checkSecurityGroups(ctx context.Context) {
	var ids []string
	for _, g := range r.t.Groups {
		if id := r.groupIDs[g.Role]; id != "" {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	live := map[string][]ec2types.SecurityGroupRule{}
	cctx, cancel := r.call(ctx)
	defer cancel()
	p := ec2.NewDescribeSecurityGroupRulesPaginator(r.o.Clients.EC2, &ec2.DescribeSecurityGroupRulesInput{
		Filters: []ec2types.Filter{{Name: aws.String("group-id"), Values: ids}},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(cctx)
		if err != nil {
			r.add(r.failedCall(KindSecurityGroup, "chain", strings.Join(ids, ", "), "ec2:DescribeSecurityGroupRules", err))
			return
		}
		for _, rule := range page.SecurityGroupRules {
			g := aws.ToString(rule.GroupId)
			live[g] = append(live[g], rule)
		}
	}
	roleOf := map[string]string{}
	for role, id := range r.groupIDs {
		roleOf[id] = role
	}
	for _, g := range r.t.Groups {
		id := r.groupIDs[g.Role]
		if id == "" {
			continue
		}
		r.add(r.compareGroup(g, id, live[id], roleOf))
	}
}

func (r *run) compareGroup(g ExpectedGroup, id string, live []ec2types.SecurityGroupRule, roleOf map[string]string) Check {
	c := Check{Kind: KindSecurityGroup, Name: g.Role, Resource: id, Status: OK}
	matched := make([]bool, len(live))
	var missing []Rule
	for _, want := range g.Rules {
		if strings.HasPrefix(want.PeerRole, "unknown group") {
			continue
		}
		peerID := ""
		if want.PeerRole != "" {
			if peerID = r.groupIDs[want.PeerRole]; peerID == "" {
				c.Evidence = append(c.Evidence, "not compared: "+want.String()+" (the id of group "+want.PeerRole+" is unknown)")
				continue
			}
		}
		found := false
		for i, l := range live {
			if !matched[i] && ruleMatches(want, peerID, l) {
				matched[i], found = true, true
				break
			}
		}
		if !found {
			missing = append(missing, want)
		}
	}
	var extra []ec2types.SecurityGroupRule
	for i, l := range live {
		if !matched[i] {
			extra = append(extra, l)
		}
	}
	c.Evidence = append(c.Evidence, fmt.Sprintf("%d live rules, %d expected", len(live), len(g.Rules)))
	open := false
	for _, m := range missing {
		c.Evidence = append(c.Evidence, "missing: "+m.String()+parenthesized(m.Description))
	}
	for _, e := range extra {
		desc := liveRule(e, roleOf)
		c.Evidence = append(c.Evidence, "extra: "+desc)
		if !aws.ToBool(e.IsEgress) && (aws.ToString(e.CidrIpv4) == "0.0.0.0/0" || aws.ToString(e.CidrIpv6) == "::/0") {
			open = true
		}
	}
	switch {
	case len(missing) > 0:
		c.Status = Fail
		c.Summary = fmt.Sprintf("%d rule(s) of vpclink's chain missing: %s", len(missing), missing[0].String())
		c.Cause = "a rule was removed outside Pulumi (console, script, another tool): the traffic it admitted is dropped, so targets time out (Target.Timeout) and API Gateway answers 503 or 504"
		c.Fix = "vpclink refresh --stack " + r.t.Stack + " --yes, then vpclink up --stack " + r.t.Stack + " recreates the rule (each rule is its own resource)"
	case open:
		c.Status = Fail
		c.Summary = "an extra rule admits the whole internet"
		c.Cause = "someone added an ingress rule from 0.0.0.0/0 or ::/0, which vpclink never creates; it exposes the group to every host that can route to it"
		c.Fix = "aws ec2 revoke-security-group-ingress --group-id " + id + " --security-group-rule-ids <the rule's id above>"
	case len(extra) > 0:
		c.Status = Warn
		c.Summary = fmt.Sprintf("%d rule(s) vpclink did not create: %s", len(extra), liveRule(extra[0], roleOf))
		c.Cause = "a rule was added outside vpclink; it widens what can reach or leave the group, and vpclink up does not remove it"
		c.Fix = "if it is not needed: aws ec2 revoke-security-group-ingress (or -egress) --group-id " + id + " --security-group-rule-ids <the rule's id above>"
	default:
		c.Summary = fmt.Sprintf("%d rule(s), as vpclink expects", len(g.Rules))
	}
	return c
}

func ruleMatches(want Rule, peerID string, l ec2types.SecurityGroupRule) bool {
	if want.Egress != aws.ToBool(l.IsEgress) || want.Protocol != normalizeProtocol(aws.ToString(l.IpProtocol)) {
		return false
	}
	if want.Protocol != "-1" && (int32(want.FromPort) != aws.ToInt32(l.FromPort) || int32(want.ToPort) != aws.ToInt32(l.ToPort)) {
		return false
	}
	ref := ""
	if l.ReferencedGroupInfo != nil {
		ref = aws.ToString(l.ReferencedGroupInfo.GroupId)
	}
	if peerID != "" {
		return ref == peerID
	}
	return ref == "" && want.CIDR == aws.ToString(l.CidrIpv4)+aws.ToString(l.CidrIpv6)
}

// liveRule renders a live rule like Rule.String, naming peer groups by role.
func liveRule(l ec2types.SecurityGroupRule, roleOf map[string]string) string {
	r := Rule{Egress: aws.ToBool(l.IsEgress), Protocol: normalizeProtocol(aws.ToString(l.IpProtocol)),
		FromPort: int(aws.ToInt32(l.FromPort)), ToPort: int(aws.ToInt32(l.ToPort)),
		CIDR: aws.ToString(l.CidrIpv4) + aws.ToString(l.CidrIpv6) + aws.ToString(l.PrefixListId)}
	if l.ReferencedGroupInfo != nil {
		ref := aws.ToString(l.ReferencedGroupInfo.GroupId)
		r.PeerRole = ref
		if role := roleOf[ref]; role != "" {
			r.PeerRole = role + " (" + ref + ")"
		}
	}
	return fmt.Sprintf("%s, %s%s", r.String(), aws.ToString(l.SecurityGroupRuleId), parenthesized(aws.ToString(l.Description)))
}
