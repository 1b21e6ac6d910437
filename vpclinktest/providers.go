package vpclinktest

import (
	"github.com/vpclink/vpclink/internal/fakeaws"
)

// ProviderOptions configures StartProviders.
type ProviderOptions struct {
	// Project and Stack the engine will run. The fakes derive ids from URNs exactly like Cloud,
	// so with the right project and stack a resource's first creation gets the id the offline
	// plan shows. Default to "vpclink" and "dev".
	Project, Stack string
	// Region the fake cloud is in. Defaults to us-east-1.
	Region string
}

// Fault makes one operation of the fake cloud fail the way AWS fails it: Op ("create", "update",
// "delete"), Type, Name (logical name; "" for any), Err (AWS's error text), Partial (a create that
// leaves the resource, as the provider reports ErrorResourceInitFailed), Hang (block until the
// engine cancels), Hold (a slow AWS: wait until the channel closes, then succeed) and Times
// (default 1). It fires on the first matching calls and is then gone.
type Fault = fakeaws.Fault

// FiredFault is a fault that fired: the fault, the URN it hit and the id of what a partial create
// left.
type FiredFault = fakeaws.Fired

// Op is one call the engine made to a fake provider: Provider ("aws" or "awsx"), Kind (Check,
// Diff, Create, Read, Update, Delete, Construct, Invoke), Type, URN, ID, and for a Diff whether it
// replaces and which inputs force that.
type Op = fakeaws.Op

// LiveResource is a resource alive in the fake cloud: URN, Type, ID, last Inputs and Outputs.
type LiveResource = fakeaws.Resource

// Providers are in-process fake aws (v6.83.4) and awsx (v2.22.0) provider plugins on loopback
// gRPC ports, for tests that run the real Pulumi engine without AWS. They answer like Cloud, tell
// the engine to replace a resource when an input AWS cannot change in place changes (a VPC's CIDR
// block, a load balancer's scheme), construct awsx:ec2:Vpc as a remote component with its VPC and
// subnets, and record every call.
//
// Attach the engine with the environment variable PULUMI_DEBUG_PROVIDERS=Env(), for example
// through stacks.Options{EnvVars: p.EnvVars()} (which then skips installing the real plugins),
// auto.EnvVars, or the environment of a `pulumi` command.
//
// Inject makes creates, updates or deletes fail as AWS fails them (optionally leaving a partial
// resource, hanging until the engine is cancelled, or only slowing down), for tests of what an
// embedding does when AWS refuses halfway through an update.
type Providers struct {
	srv *fakeaws.Server
}

// StartProviders serves the fake providers. Close them when done.
func StartProviders(opts ProviderOptions) (*Providers, error) {
	srv, err := fakeaws.Start(fakeaws.Options{Project: opts.Project, Stack: opts.Stack, Region: opts.Region})
	if err != nil {
		return nil, err
	}
	return &Providers{srv: srv}, nil
}

// Env is the value of PULUMI_DEBUG_PROVIDERS that attaches the engine to these providers.
func (p *Providers) Env() string { return p.srv.Env() }

// EnvVars is Env as an environment: {"PULUMI_DEBUG_PROVIDERS": Env()}.
func (p *Providers) EnvVars() map[string]string {
	return map[string]string{"PULUMI_DEBUG_PROVIDERS": p.srv.Env()}
}

// Ops returns every call since the start or the last Reset, in order.
func (p *Providers) Ops() []Op { return p.srv.Ops() }

// Reset clears the op log; the fake cloud's resources stay.
func (p *Providers) Reset() { p.srv.Reset() }

// Live returns the resources alive in the fake cloud, in creation order.
func (p *Providers) Live() []LiveResource { return p.srv.Live() }

// Close stops both providers.
func (p *Providers) Close() { p.srv.Close() }

// Inject adds faults; they fire in the order they were added.
func (p *Providers) Inject(faults ...Fault) { p.srv.Inject(faults...) }

// ClearFaults removes every fault that has not fired yet.
func (p *Providers) ClearFaults() { p.srv.ClearFaults() }

// PendingFaults are the injected faults that have not fired all their Times yet.
func (p *Providers) PendingFaults() []Fault { return p.srv.PendingFaults() }

// FiredFaults are the faults that fired, in order.
func (p *Providers) FiredFaults() []FiredFault { return p.srv.FiredFaults() }

// Hanging is how many calls are blocked in a Hang or Hold fault right now.
func (p *Providers) Hanging() int { return p.srv.Hanging() }
