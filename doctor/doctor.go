// Package doctor examines a deployed vpclink stack on AWS and says what is wrong and what to do:
// the troubleshooting section of the reference guide (VPC link stuck in PENDING, 502 Bad Gateway,
// timeouts, private DNS that does not resolve), automated. It reads the stack's outputs, asks AWS
// what is really there with read-only calls (IAMActions), and reports one check per line with its
// status, the evidence, the likely cause and the fix.
package doctor

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"
)

// Status of one check.
type Status string

// Statuses, from best to worst.
const (
	OK   Status = "OK"
	Warn Status = "WARN"
	Fail Status = "FAIL"
)

func (s Status) rank() int { return slices.Index([]Status{OK, Warn, Fail}, s) }

// worse returns the worse of two statuses.
func worse(a, b Status) Status {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// Exit codes of `vpclink doctor`.
const (
	ExitOK   = 0 // every check OK
	ExitFail = 1 // at least one FAIL
	ExitWarn = 4 // WARN, no FAIL
)

// Check kinds, in report order.
const (
	KindVpcLink       = "vpc-link"
	KindLoadBalancer  = "load-balancer"
	KindTargetGroup   = "target-group"
	KindEcsService    = "ecs-service"
	KindSecurityGroup = "security-group"
	KindPrivateApi    = "private-api"
	KindProbe         = "probe"
	// KindRun reports a step the run's time bound left unchecked.
	KindRun = "run"
)

var kindOrder = []string{KindVpcLink, KindLoadBalancer, KindTargetGroup, KindEcsService, KindSecurityGroup, KindPrivateApi, KindProbe, KindRun}

// Check is the result of one check.
type Check struct {
	// Kind is one of the Kind constants; Name tells checks of a kind apart (the link, load balancer,
	// target group, service, group, frontend or URL).
	Kind string `json:"kind"`
	Name string `json:"name"`
	// Resource is the AWS id, ARN or URL examined.
	Resource string `json:"resource,omitempty"`
	Status   Status `json:"status"`
	// Summary is the one-line finding.
	Summary string `json:"summary"`
	// Evidence is what AWS answered that the summary rests on.
	Evidence []string `json:"evidence,omitempty"`
	// Cause and Fix are set when Status is not OK.
	Cause string `json:"cause,omitempty"`
	Fix   string `json:"fix,omitempty"`
	// Commands to run next (the private API's curl from inside the VPC).
	Commands []string `json:"commands,omitempty"`
	// Facts are the aws-facts ids (docs/aws-facts.md) behind the finding.
	Facts []string `json:"facts,omitempty"`
}

// Report is the result of a doctor run.
type Report struct {
	Stack  string `json:"stack"`
	Region string `json:"region"`
	// Status is the worst status of any check.
	Status     Status         `json:"status"`
	Counts     map[Status]int `json:"counts"`
	DurationMs int64          `json:"durationMs"`
	Checks     []Check        `json:"checks"`
}

// ExitCode is 0 when every check is OK, 1 with any FAIL, 4 with WARN only.
func (r *Report) ExitCode() int {
	switch r.Status {
	case OK:
		return ExitOK
	case Warn:
		return ExitWarn
	}
	return ExitFail
}

// Options bound and tune a run. The zero value (with Clients set) is the command's behaviour.
type Options struct {
	// Clients talk to AWS. Required.
	Clients *Clients
	// Timeout bounds the whole run. Defaults to 3 minutes.
	Timeout time.Duration
	// CallTimeout bounds each AWS call, its retries included. Defaults to 20 seconds.
	CallTimeout time.Duration
	// ProbeTimeout bounds each probe request. Defaults to 35 seconds: API Gateway itself answers
	// 504 after at most 29 s (REST, aws-facts A1) or 30 s (HTTP, A2), so a probe that waits longer
	// learns nothing more.
	ProbeTimeout time.Duration
	// ProbePath is requested under each frontend's invoke URL of each service. Defaults to the
	// service's healthCheckPath.
	ProbePath string
	// HTTPClient sends the probes. Defaults to a client with ProbeTimeout and no redirects.
	HTTPClient *http.Client
	// StoppedTasks is how many of a service's latest stopped tasks are read. Defaults to 5.
	StoppedTasks int
	// Progress receives one line per step as the run goes (a terminal). Defaults to none.
	Progress io.Writer
	// Now is the clock (link ages). Defaults to time.Now.
	Now func() time.Time
}

func (o *Options) defaults() {
	if o.Timeout == 0 {
		o.Timeout = 3 * time.Minute
	}
	if o.CallTimeout == 0 {
		o.CallTimeout = 20 * time.Second
	}
	if o.ProbeTimeout == 0 {
		o.ProbeTimeout = 35 * time.Second
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{
			Timeout: o.ProbeTimeout,
			// A redirect is an answer of the frontend; following it would probe something else.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	if o.StoppedTasks == 0 {
		o.StoppedTasks = 5
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// run is one doctor run: the target, the clients, and what earlier steps learned that later ones
// need (security group ids, load balancer ARNs, the execute-api endpoint).
type run struct {
	t      *Target
	o      Options
	checks []Check

	// groupIDs maps a group role (RoleHttpLink, RoleAlb, ...) to the live security group id.
	groupIDs map[string]string
	lbs      map[string]*lbInfo // by role: RoleAlb, RoleNlb
}

// Run examines the target and returns the report. It never fails as a whole: what cannot be
// checked (an AWS error, the time bound) is a FAIL check saying why.
func Run(ctx context.Context, t *Target, o Options) *Report {
	o.defaults()
	start := o.Now()
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	r := &run{t: t, o: o, groupIDs: map[string]string{}, lbs: map[string]*lbInfo{}}
	for s, id := range t.knownGroups() {
		r.groupIDs[s] = id
	}
	steps := []struct {
		what string
		fn   func(context.Context)
	}{
		{"load balancers and target health", r.checkLoadBalancers},
		{"VPC links", r.checkLinks},
		{"ECS services", r.checkServices},
		{"private API endpoint", r.checkPrivateApis},
		{"security groups", r.checkSecurityGroups},
		{"probes", r.checkProbes},
	}
	for i, s := range steps {
		r.progress("[%d/%d] %s", i+1, len(steps), s.what)
		if ctx.Err() != nil {
			r.add(Check{Kind: KindRun, Name: s.what, Status: Fail,
				Summary: fmt.Sprintf("not checked: the run's time bound of %s was reached", o.Timeout),
				Fix:     "run again with a longer --timeout, or look for the slow call in the evidence above"})
			continue
		}
		s.fn(ctx)
	}
	slices.SortStableFunc(r.checks, func(a, b Check) int {
		return slices.Index(kindOrder, a.Kind) - slices.Index(kindOrder, b.Kind)
	})
	rep := &Report{Stack: t.Stack, Region: t.Region, Status: OK, Counts: map[Status]int{OK: 0, Warn: 0, Fail: 0}, Checks: r.checks}
	for _, c := range r.checks {
		rep.Status = worse(rep.Status, c.Status)
		rep.Counts[c.Status]++
	}
	rep.DurationMs = o.Now().Sub(start).Milliseconds()
	r.progress("done in %s", o.Now().Sub(start).Round(time.Millisecond))
	return rep
}

func (r *run) add(c Check) { r.checks = append(r.checks, c) }

func (r *run) progress(format string, args ...any) {
	if r.o.Progress != nil {
		fmt.Fprintf(r.o.Progress, "doctor: "+format+"\n", args...)
	}
}

// call bounds one AWS call (with its retries) by CallTimeout.
func (r *run) call(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, r.o.CallTimeout)
}
