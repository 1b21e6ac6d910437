package doctor

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeAWS answers the calls doctor makes on a loopback server, each in its service's real wire
// protocol, so the SDK's own serializers and deserializers run:
//
//   - EC2: the EC2 query protocol (form POST, Action and Version=2016-11-15), XML replies with
//     lower-camel element names and <item> lists. Shapes: the EC2 API reference's examples of
//     DescribeSecurityGroupRules, DescribeVpcEndpoints and DescribeVpcAttribute; element names
//     checked against service/ec2@v1.348.0/deserializers.go (awsEc2query_deserializeDocumentSecurityGroupRule,
//     ...VpcEndpoint, ...DescribeVpcAttributeOutput). Errors: <Response><Errors><Error>.
//   - ELBv2: the AWS query protocol (Version=2015-12-01), <XxxResponse><XxxResult> with <member>
//     lists. Shapes: the ELBv2 API reference's examples of DescribeLoadBalancers,
//     DescribeTargetGroups and DescribeTargetHealth; names checked against the SDK's
//     service/elasticloadbalancingv2@v1.64.0/response_snapshot/*.response.snap and schemas.
//     Errors: <ErrorResponse><Error><Type><Code><Message>.
//   - ECS: JSON 1.1 with X-Amz-Target AmazonEC2ContainerServiceV20141113.<Op>, timestamps as epoch
//     seconds. Shapes: the ECS API reference's examples of DescribeServices, ListTasks and
//     DescribeTasks; keys checked against service/ecs@v1.106.0/response_snapshot. Errors: __type.
//   - API Gateway V1 (GET /vpclinks/{id}) and V2 (GET /v2/vpclinks/{id}): REST-JSON; shapes from
//     the API Gateway REST API reference (GetVpcLink) and the V2 API reference (VpcLinks vpcLinkId),
//     keys checked against service/apigateway{,v2}/deserializers.go. Errors: x-amzn-ErrorType.
type fakeAWS struct {
	t   testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	calls    map[string]int // IAM action -> count
	throttle map[string]int // IAM action -> how many calls to throttle first
	hang     map[string]time.Duration
	deny     map[string]bool // IAM action -> answer AccessDenied

	v2Links   map[string]*v2Link
	v1Links   map[string]*v1Link
	lbs       []*fakeLB
	services  map[string]*fakeService // by ECS service name
	rules     []*fakeRule
	endpoints []*fakeEndpoint
	vpcAttrs  map[string]bool // enableDnsSupport, enableDnsHostnames
}

type v2Link struct {
	id, status, message string
	created             time.Time
	sgs, subnets        []string
}

type v1Link struct {
	id, status, message string
	targets             []string
}

type fakeLB struct {
	name, arn, dns, typ, state string
	sgs                        []string
	tgs                        []*fakeTG
}

type fakeTG struct {
	name, arn, protocol, hcProtocol, hcPath string
	port                                    int
	targets                                 []fakeTarget
}

type fakeTarget struct {
	ip                         string
	port                       int
	state, reason, description string
}

type fakeService struct {
	name, arn, status         string
	desired, running, pending int
	rollout, rolloutReason    string
	failedTasks               int
	events                    []string
	stopped                   []fakeTask
}

type fakeTask struct {
	arn, stopCode, stoppedReason string
	stoppedAt                    time.Time
	containerReason              string
	exitCode                     *int
}

type fakeRule struct {
	id, group       string
	egress          bool
	protocol        string
	from, to        int
	cidr, ref, desc string
}

type fakeEndpoint struct {
	id, vpc, service, state string
	privateDNS              bool
	groups                  []string
	dns                     []string
}

func newFakeAWS(t testing.TB) *fakeAWS {
	f := &fakeAWS{t: t, calls: map[string]int{}, throttle: map[string]int{}, hang: map[string]time.Duration{}, deny: map[string]bool{},
		v2Links: map[string]*v2Link{}, v1Links: map[string]*v1Link{}, services: map[string]*fakeService{},
		vpcAttrs: map[string]bool{"enableDnsSupport": true, "enableDnsHostnames": true}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// scope checks the SigV4 credential scope names the service the protocol belongs to.
var scopeRe = regexp.MustCompile(`Credential=[^/]+/\d{8}/([a-z0-9-]+)/([a-z0-9]+)/aws4_request`)

func (f *fakeAWS) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	m := scopeRe.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		f.t.Errorf("unsigned request %s %s", r.Method, r.URL)
		http.Error(w, "unsigned", http.StatusForbidden)
		return
	}
	region, signingName := m[1], m[2]
	if region != "us-east-1" {
		f.t.Errorf("request signed for region %s", region)
	}
	switch {
	case strings.HasPrefix(r.Header.Get("X-Amz-Target"), "AmazonEC2ContainerServiceV20141113."):
		f.expectScope(signingName, "ecs")
		f.ecs(w, strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AmazonEC2ContainerServiceV20141113."), body)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v2/vpclinks/"):
		f.expectScope(signingName, "apigateway")
		f.apigwV2(w, strings.TrimPrefix(r.URL.Path, "/v2/vpclinks/"))
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/vpclinks/"):
		f.expectScope(signingName, "apigateway")
		f.apigwV1(w, strings.TrimPrefix(r.URL.Path, "/vpclinks/"))
	default:
		form, err := url.ParseQuery(string(body))
		if err != nil {
			f.t.Errorf("bad query body: %v", err)
			return
		}
		switch form.Get("Version") {
		case "2016-11-15":
			f.expectScope(signingName, "ec2")
			f.ec2(w, form)
		case "2015-12-01":
			f.expectScope(signingName, "elasticloadbalancing")
			f.elb(w, form)
		default:
			f.t.Errorf("unexpected request %s %s %s", r.Method, r.URL, body)
			http.Error(w, "unexpected", http.StatusBadRequest)
		}
	}
}

func (f *fakeAWS) expectScope(got, want string) {
	if got != want {
		f.t.Errorf("request signed for service %s, want %s", got, want)
	}
}

// record counts the call and says whether to answer with a throttling error; it also sleeps for
// a configured hang.
func (f *fakeAWS) record(action string) (throttled bool) {
	f.mu.Lock()
	f.calls[action]++
	hang := f.hang[action]
	if f.throttle[action] > 0 {
		f.throttle[action]--
		throttled = true
	}
	f.mu.Unlock()
	if hang > 0 {
		time.Sleep(hang)
	}
	return throttled
}

func (f *fakeAWS) actions() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for a := range f.calls {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

const reqID = "7e5d3c4b-0a1f-4d6e-9b8a-2c1d0e9f8a7b"

// --- EC2 -------------------------------------------------------------------------------------

func (f *fakeAWS) ec2(w http.ResponseWriter, form url.Values) {
	action := form.Get("Action")
	if f.record("ec2:" + action) {
		// EC2's throttling error (RequestLimitExceeded, HTTP 503), as the EC2 API reference's
		// "Error codes" page shows it.
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>%s</RequestID></Response>`, reqID)
		return
	}
	var b strings.Builder
	ns := `xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"`
	switch action {
	case "DescribeSecurityGroupRules":
		groups := filterValues(form, "group-id")
		fmt.Fprintf(&b, `<DescribeSecurityGroupRulesResponse %s><requestId>%s</requestId><securityGroupRuleSet>`, ns, reqID)
		for _, r := range f.rules {
			if !slices.Contains(groups, r.group) {
				continue
			}
			fmt.Fprintf(&b, `<item><securityGroupRuleId>%s</securityGroupRuleId><groupId>%s</groupId><groupOwnerId>123456789012</groupOwnerId><isEgress>%t</isEgress><ipProtocol>%s</ipProtocol><fromPort>%d</fromPort><toPort>%d</toPort>`,
				r.id, r.group, r.egress, r.protocol, r.from, r.to)
			if r.ref != "" {
				fmt.Fprintf(&b, `<referencedGroupInfo><groupId>%s</groupId><userId>123456789012</userId></referencedGroupInfo>`, r.ref)
			} else {
				fmt.Fprintf(&b, `<cidrIpv4>%s</cidrIpv4>`, r.cidr)
			}
			fmt.Fprintf(&b, `<description>%s</description><tagSet/></item>`, esc(r.desc))
		}
		b.WriteString(`</securityGroupRuleSet></DescribeSecurityGroupRulesResponse>`)
	case "DescribeVpcEndpoints":
		ids := listValues(form, "VpcEndpointId")
		vpcs := filterValues(form, "vpc-id")
		var found []*fakeEndpoint
		for _, e := range f.endpoints {
			if (len(ids) == 0 || slices.Contains(ids, e.id)) && (len(vpcs) == 0 || slices.Contains(vpcs, e.vpc)) {
				found = append(found, e)
			}
		}
		if len(ids) > 0 && len(found) == 0 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `<Response><Errors><Error><Code>InvalidVpcEndpointId.NotFound</Code><Message>The Vpc Endpoint Id '%s' does not exist</Message></Error></Errors><RequestID>%s</RequestID></Response>`, ids[0], reqID)
			return
		}
		fmt.Fprintf(&b, `<DescribeVpcEndpointsResponse %s><requestId>%s</requestId><vpcEndpointSet>`, ns, reqID)
		for _, e := range found {
			fmt.Fprintf(&b, `<item><vpcEndpointId>%s</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType><vpcId>%s</vpcId><serviceName>%s</serviceName><state>%s</state><privateDnsEnabled>%t</privateDnsEnabled><requesterManaged>false</requesterManaged><groupSet>`,
				e.id, e.vpc, e.service, e.state, e.privateDNS)
			for _, g := range e.groups {
				fmt.Fprintf(&b, `<item><groupId>%s</groupId><groupName>%s-name</groupName></item>`, g, g)
			}
			b.WriteString(`</groupSet><dnsEntrySet>`)
			for _, d := range e.dns {
				fmt.Fprintf(&b, `<item><dnsName>%s</dnsName><hostedZoneId>Z7HUB22UULQXV</hostedZoneId></item>`, d)
			}
			b.WriteString(`</dnsEntrySet><creationTimestamp>2026-12-01T10:00:00.000Z</creationTimestamp><ownerId>123456789012</ownerId></item>`)
		}
		b.WriteString(`</vpcEndpointSet></DescribeVpcEndpointsResponse>`)
	case "DescribeVpcAttribute":
		attr := form.Get("Attribute")
		fmt.Fprintf(&b, `<DescribeVpcAttributeResponse %s><requestId>%s</requestId><vpcId>%s</vpcId><%s><value>%t</value></%s></DescribeVpcAttributeResponse>`,
			ns, reqID, form.Get("VpcId"), attr, f.vpcAttrs[attr], attr)
	default:
		f.t.Errorf("unexpected EC2 action %s", action)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+b.String())
}

// filterValues reads Filter.N.Name=name's Filter.N.Value.M values (the EC2 query serialization).
func filterValues(form url.Values, name string) []string {
	var out []string
	for i := 1; ; i++ {
		n := form.Get(fmt.Sprintf("Filter.%d.Name", i))
		if n == "" {
			return out
		}
		if n == name {
			out = append(out, listValues(form, fmt.Sprintf("Filter.%d.Value", i))...)
		}
	}
}

func listValues(form url.Values, prefix string) []string {
	var out []string
	for i := 1; form.Has(fmt.Sprintf("%s.%d", prefix, i)); i++ {
		out = append(out, form.Get(fmt.Sprintf("%s.%d", prefix, i)))
	}
	return out
}

// --- ELBv2 -----------------------------------------------------------------------------------

func (f *fakeAWS) elb(w http.ResponseWriter, form url.Values) {
	action := form.Get("Action")
	ns := `xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"`
	w.Header().Set("Content-Type", "text/xml")
	if f.deny["elasticloadbalancing:"+action] {
		f.record("elasticloadbalancing:" + action)
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `<ErrorResponse %s><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/doctor is not authorized to perform: elasticloadbalancing:%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`, ns, action, reqID)
		return
	}
	if f.record("elasticloadbalancing:" + action) {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `<ErrorResponse %s><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>%s</RequestId></ErrorResponse>`, ns, reqID)
		return
	}
	var b strings.Builder
	switch action {
	case "DescribeLoadBalancers":
		names := listValues(form, "Names.member")
		var found []*fakeLB
		for _, lb := range f.lbs {
			if slices.Contains(names, lb.name) {
				found = append(found, lb)
			}
		}
		if len(found) == 0 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `<ErrorResponse %s><Error><Type>Sender</Type><Code>LoadBalancerNotFound</Code><Message>Load balancers '[%s]' not found</Message></Error><RequestId>%s</RequestId></ErrorResponse>`, ns, strings.Join(names, ", "), reqID)
			return
		}
		fmt.Fprintf(&b, `<DescribeLoadBalancersResponse %s><DescribeLoadBalancersResult><LoadBalancers>`, ns)
		for _, lb := range found {
			fmt.Fprintf(&b, `<member><LoadBalancerArn>%s</LoadBalancerArn><Scheme>internal</Scheme><LoadBalancerName>%s</LoadBalancerName><VpcId>vpc-test</VpcId><CanonicalHostedZoneId>Z35SXDOTRQ7X7K</CanonicalHostedZoneId><CreatedTime>2026-12-01T10:00:00.000Z</CreatedTime><AvailabilityZones><member><SubnetId>subnet-a</SubnetId><ZoneName>us-east-1a</ZoneName></member></AvailabilityZones><SecurityGroups>`,
				lb.arn, lb.name)
			for _, g := range lb.sgs {
				fmt.Fprintf(&b, `<member>%s</member>`, g)
			}
			fmt.Fprintf(&b, `</SecurityGroups><DNSName>%s</DNSName><State><Code>%s</Code></State><Type>%s</Type><IpAddressType>ipv4</IpAddressType></member>`, lb.dns, lb.state, lb.typ)
		}
		fmt.Fprintf(&b, `</LoadBalancers></DescribeLoadBalancersResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></DescribeLoadBalancersResponse>`, reqID)
	case "DescribeTargetGroups":
		arn := form.Get("LoadBalancerArn")
		fmt.Fprintf(&b, `<DescribeTargetGroupsResponse %s><DescribeTargetGroupsResult><TargetGroups>`, ns)
		for _, lb := range f.lbs {
			if lb.arn != arn {
				continue
			}
			for _, tg := range lb.tgs {
				fmt.Fprintf(&b, `<member><TargetGroupArn>%s</TargetGroupArn><TargetGroupName>%s</TargetGroupName><Protocol>%s</Protocol><Port>%d</Port><VpcId>vpc-test</VpcId><HealthCheckProtocol>%s</HealthCheckProtocol><HealthCheckPort>traffic-port</HealthCheckPort><HealthCheckEnabled>true</HealthCheckEnabled><HealthCheckIntervalSeconds>30</HealthCheckIntervalSeconds><HealthCheckTimeoutSeconds>5</HealthCheckTimeoutSeconds><HealthyThresholdCount>5</HealthyThresholdCount><UnhealthyThresholdCount>2</UnhealthyThresholdCount>`,
					tg.arn, tg.name, tg.protocol, tg.port, tg.hcProtocol)
				if tg.hcPath != "" {
					fmt.Fprintf(&b, `<HealthCheckPath>%s</HealthCheckPath><Matcher><HttpCode>200</HttpCode></Matcher>`, tg.hcPath)
				}
				fmt.Fprintf(&b, `<LoadBalancerArns><member>%s</member></LoadBalancerArns><TargetType>ip</TargetType></member>`, lb.arn)
			}
		}
		fmt.Fprintf(&b, `</TargetGroups></DescribeTargetGroupsResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></DescribeTargetGroupsResponse>`, reqID)
	case "DescribeTargetHealth":
		arn := form.Get("TargetGroupArn")
		fmt.Fprintf(&b, `<DescribeTargetHealthResponse %s><DescribeTargetHealthResult><TargetHealthDescriptions>`, ns)
		for _, lb := range f.lbs {
			for _, tg := range lb.tgs {
				if tg.arn != arn {
					continue
				}
				for _, t := range tg.targets {
					fmt.Fprintf(&b, `<member><HealthCheckPort>%d</HealthCheckPort><Target><Id>%s</Id><Port>%d</Port><AvailabilityZone>us-east-1a</AvailabilityZone></Target><TargetHealth><State>%s</State>`, t.port, t.ip, t.port, t.state)
					if t.reason != "" {
						fmt.Fprintf(&b, `<Reason>%s</Reason><Description>%s</Description>`, t.reason, esc(t.description))
					}
					b.WriteString(`</TargetHealth></member>`)
				}
			}
		}
		fmt.Fprintf(&b, `</TargetHealthDescriptions></DescribeTargetHealthResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></DescribeTargetHealthResponse>`, reqID)
	default:
		f.t.Errorf("unexpected ELB action %s", action)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	io.WriteString(w, b.String())
}

// --- ECS -------------------------------------------------------------------------------------

func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

func (f *fakeAWS) ecs(w http.ResponseWriter, op string, body []byte) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if f.record("ecs:" + op) {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"__type":"ThrottlingException","message":"Rate exceeded"}`)
		return
	}
	var in struct {
		Cluster       string   `json:"cluster"`
		Services      []string `json:"services"`
		ServiceName   string   `json:"serviceName"`
		DesiredStatus string   `json:"desiredStatus"`
		Tasks         []string `json:"tasks"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		f.t.Errorf("ecs %s: %v", op, err)
	}
	clusterArn := "arn:aws:ecs:us-east-1:123456789012:cluster/" + in.Cluster
	var out any
	switch op {
	case "DescribeServices":
		services, failures := []any{}, []any{}
		for _, name := range in.Services {
			s := f.services[name]
			if s == nil {
				failures = append(failures, map[string]any{"arn": "arn:aws:ecs:us-east-1:123456789012:service/" + in.Cluster + "/" + name, "reason": "MISSING"})
				continue
			}
			var events []any
			for i, e := range s.events {
				events = append(events, map[string]any{"id": fmt.Sprintf("ev-%d", i), "createdAt": epoch(time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)), "message": e})
			}
			services = append(services, map[string]any{
				"serviceArn": s.arn, "serviceName": s.name, "clusterArn": clusterArn, "status": s.status,
				"desiredCount": s.desired, "runningCount": s.running, "pendingCount": s.pending, "launchType": "FARGATE",
				"deploymentConfiguration": map[string]any{"deploymentCircuitBreaker": map[string]any{"enable": true, "rollback": true}, "maximumPercent": 200, "minimumHealthyPercent": 100},
				"deployments": []any{map[string]any{
					"id": "ecs-svc/1234567890123456789", "status": "PRIMARY", "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/api:3",
					"desiredCount": s.desired, "runningCount": s.running, "pendingCount": s.pending, "failedTasks": s.failedTasks,
					"rolloutState": s.rollout, "rolloutStateReason": s.rolloutReason, "launchType": "FARGATE",
					"createdAt": epoch(time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)), "updatedAt": epoch(time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC)),
				}},
				"events": events,
			})
		}
		out = map[string]any{"services": services, "failures": failures}
	case "ListTasks":
		arns := []string{}
		if s := f.services[in.ServiceName]; s != nil && in.DesiredStatus == "STOPPED" {
			for _, t := range s.stopped {
				arns = append(arns, t.arn)
			}
		}
		out = map[string]any{"taskArns": arns}
	case "DescribeTasks":
		tasks := []any{}
		for _, s := range f.services {
			for _, t := range s.stopped {
				if !slices.Contains(in.Tasks, t.arn) {
					continue
				}
				c := map[string]any{"containerArn": t.arn + "/c", "name": "api", "lastStatus": "STOPPED"}
				if t.exitCode != nil {
					c["exitCode"] = *t.exitCode
				}
				if t.containerReason != "" {
					c["reason"] = t.containerReason
				}
				tasks = append(tasks, map[string]any{
					"taskArn": t.arn, "clusterArn": clusterArn, "group": "service:" + s.name, "lastStatus": "STOPPED", "desiredStatus": "STOPPED",
					"launchType": "FARGATE", "stopCode": t.stopCode, "stoppedReason": t.stoppedReason, "stoppedAt": epoch(t.stoppedAt),
					"containers": []any{c},
				})
			}
		}
		out = map[string]any{"tasks": tasks, "failures": []any{}}
	default:
		f.t.Errorf("unexpected ECS operation %s", op)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	json.NewEncoder(w).Encode(out)
}

// --- API Gateway -----------------------------------------------------------------------------

func (f *fakeAWS) apigwV2(w http.ResponseWriter, id string) {
	w.Header().Set("Content-Type", "application/json")
	if f.record("apigateway:GET") {
		w.Header().Set("x-amzn-ErrorType", "TooManyRequestsException")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"message":"Too Many Requests"}`)
		return
	}
	l := f.v2Links[id]
	if l == nil {
		w.Header().Set("x-amzn-ErrorType", "NotFoundException")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message":"Invalid VPC link identifier specified"}`)
		return
	}
	json.NewEncoder(w).Encode(map[string]any{
		"createdDate": l.created.UTC().Format(time.RFC3339), "name": "http-link-1a2b3c4", "securityGroupIds": l.sgs,
		"subnetIds": l.subnets, "tags": map[string]string{}, "vpcLinkId": l.id, "vpcLinkStatus": l.status,
		"vpcLinkStatusMessage": l.message, "vpcLinkVersion": "V2",
	})
}

func (f *fakeAWS) apigwV1(w http.ResponseWriter, id string) {
	w.Header().Set("Content-Type", "application/json")
	if f.record("apigateway:GET") {
		w.Header().Set("x-amzn-ErrorType", "TooManyRequestsException")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"message":"Too Many Requests"}`)
		return
	}
	l := f.v1Links[id]
	if l == nil {
		w.Header().Set("x-amzn-ErrorType", "NotFoundException")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message":"Invalid VPC link identifier specified"}`)
		return
	}
	json.NewEncoder(w).Encode(map[string]any{
		"id": l.id, "name": "rest-link-5d6e7f8", "description": "REST API private integrations to the internal NLB",
		"status": l.status, "statusMessage": l.message, "targetArns": l.targets, "tags": map[string]string{},
	})
}
