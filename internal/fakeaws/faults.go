package fakeaws

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Fault makes one operation of the fake cloud fail the way AWS fails it, for tests of what the
// engine and vpclink do when AWS refuses halfway through an update. Inject it with Server.Inject;
// it fires on the first matching calls (Times, default once) and is then gone, as a transient AWS
// failure or a quota raised in the meantime would be.
type Fault struct {
	// Op is "create", "update" or "delete".
	Op string
	// Type is the resource type token, e.g. aws:apigatewayv2/vpcLink:VpcLink.
	Type string
	// Name is the resource's logical name (the last part of its URN). "" matches any of Type.
	Name string
	// Err is the error AWS answers, as the provider reports it (e.g. "creating API Gateway VPC
	// Link (...): BadRequestException: There are too many Vpc Links defined for this account.
	// Limit is 10."). Defaults to a generic InternalFailure.
	Err string
	// Partial, for a create: AWS made the resource before the call failed (a V1 link that ends
	// FAILED, a service whose deployment the circuit breaker rolled back): it stays in the fake
	// cloud, and the engine is told its id and outputs with the error, as the provider does
	// (ErrorResourceInitFailed), so the state keeps it.
	Partial bool
	// Hang blocks the call until the engine cancels it (its process is killed, or the user hits
	// Ctrl-C), instead of answering. With Partial, the resource exists in the fake cloud while the
	// call hangs, like a create waiting for a resource to become available.
	Hang bool
	// Hold, when set, makes the fault a slow AWS instead of a failing one: the call waits until
	// Hold is closed (counted in Hanging meanwhile), then goes on as if nothing happened. Err,
	// Partial and Hang are ignored.
	Hold <-chan struct{}
	// Times is how many matching calls fail. Defaults to 1.
	Times int
}

// faultPlan is the Server's part for faults.
type faultPlan struct {
	faultMu sync.Mutex
	faults  []Fault
	fired   []Fired
	hanging int
}

// Fired is a fault that fired: which resource it hit, and the id of what a partial create left.
type Fired struct {
	Fault
	URN, ID string
}

func (f Fault) matches(op, typ, urn string) bool {
	return f.Op == op && f.Type == typ && (f.Name == "" || resource.URN(urn).Name() == f.Name)
}

func (f Fault) message() string {
	if f.Err != "" {
		return f.Err
	}
	return fmt.Sprintf("%s %s: InternalFailure: The request processing has failed because of an unknown error, exception or failure.", f.Op, f.Type)
}

// Inject adds faults to the plan. They fire in the order they were added.
func (s *Server) Inject(faults ...Fault) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	for _, f := range faults {
		if f.Times <= 0 {
			f.Times = 1
		}
		s.faults = append(s.faults, f)
	}
}

// ClearFaults removes every fault that has not fired yet.
func (s *Server) ClearFaults() {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = nil
}

// PendingFaults are the injected faults that have not fired (all their Times) yet.
func (s *Server) PendingFaults() []Fault {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	return slices.Clone(s.faults)
}

// FiredFaults are the faults that fired, in order.
func (s *Server) FiredFaults() []Fired {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	return slices.Clone(s.fired)
}

// Hanging is how many calls are blocked in a Hang fault right now.
func (s *Server) Hanging() int {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	return s.hanging
}

// take removes one firing of the first fault matching the call and returns it.
func (s *Server) take(op, typ, urn string) (Fault, bool) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	for i, f := range s.faults {
		if !f.matches(op, typ, urn) {
			continue
		}
		if s.faults[i].Times--; s.faults[i].Times <= 0 {
			s.faults = slices.Delete(s.faults, i, i+1)
		}
		return f, true
	}
	return Fault{}, false
}

func (s *Server) fire(f Fault, urn, id string) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.fired = append(s.fired, Fired{Fault: f, URN: urn, ID: id})
}

// hold blocks until the fault's Hold is closed (nil) or ctx is done (the cancelled call's error).
func (s *Server) hold(ctx context.Context, f Fault, urn string) error {
	s.faultMu.Lock()
	s.hanging++
	s.faultMu.Unlock()
	defer func() {
		s.faultMu.Lock()
		s.hanging--
		s.faultMu.Unlock()
	}()
	select {
	case <-f.Hold:
		return nil
	case <-ctx.Done():
		return status.Errorf(codes.Canceled, "fakeaws: %s of %s cancelled while waiting: %v", f.Op, urn, ctx.Err())
	}
}

// hang blocks until ctx is done and returns the error the engine sees for a cancelled call.
func (s *Server) hang(ctx context.Context, f Fault, urn string) error {
	s.faultMu.Lock()
	s.hanging++
	s.faultMu.Unlock()
	<-ctx.Done()
	s.faultMu.Lock()
	s.hanging--
	s.faultMu.Unlock()
	return status.Errorf(codes.Canceled, "fakeaws: %s of %s cancelled while waiting: %v", f.Op, urn, ctx.Err())
}

// fault is the hook of Update and Delete: the error of the fault planned for the call, if any.
// Previews never fail.
func (s *Server) fault(ctx context.Context, preview bool, op, typ, urn, id string) error {
	if preview {
		return nil
	}
	f, ok := s.take(op, typ, urn)
	if !ok {
		return nil
	}
	s.fire(f, urn, id)
	if f.Hold != nil {
		return s.hold(ctx, f, urn)
	}
	if f.Hang {
		return s.hang(ctx, f, urn)
	}
	return status.Error(codes.Unknown, f.message())
}

// faultCreate is the hook of Create: when a fault is planned for the creation, it answers for it
// (ok is true). A partial fault creates the resource first, like AWS did.
func (p *provider) faultCreate(ctx context.Context, urn, typ string, inputs resource.PropertyMap) (*pulumirpc.CreateResponse, bool, error) {
	f, ok := p.s.take("create", typ, urn)
	if !ok {
		return nil, false, nil
	}
	if f.Hold != nil {
		p.s.fire(f, urn, "")
		if err := p.s.hold(ctx, f, urn); err != nil {
			return nil, true, err
		}
		return nil, false, nil
	}
	if !f.Partial {
		p.s.fire(f, urn, "")
		if f.Hang {
			return nil, true, p.s.hang(ctx, f, urn)
		}
		return nil, true, status.Error(codes.Unknown, f.message())
	}
	gen := p.s.nextGeneration(urn)
	id, outs, err := p.answer(urn, typ, inputs, gen)
	if err != nil {
		return nil, true, status.Errorf(codes.Unknown, "fakeaws: creating %s: %v", urn, err)
	}
	p.record(Op{Kind: "Create", Type: typ, URN: urn, ID: id})
	p.s.addLive(&Resource{URN: urn, Type: typ, ID: id, Inputs: inputs.Copy(), Outputs: outs.Copy()})
	p.s.fire(f, urn, id)
	if f.Hang {
		return nil, true, p.s.hang(ctx, f, urn)
	}
	props, err := marshal(outs)
	if err != nil {
		return nil, true, err
	}
	in, err := marshal(inputs)
	if err != nil {
		return nil, true, err
	}
	st, err := status.New(codes.Unknown, f.message()).WithDetails(&pulumirpc.ErrorResourceInitFailed{
		Id: id, Properties: props, Inputs: in, Reasons: []string{f.message()},
	})
	if err != nil {
		return nil, true, err
	}
	return nil, true, st.Err()
}

// Find looks a resource up in the fake cloud the way an operator would look it up in AWS after a
// crash lost its id: by type and physical name (the "name" input of a named resource), or, for a
// resource whose name the provider generates or that has none, by type and tags (the Resource
// Groups Tagging API's filter; vpclink tags every resource with a Name tag and the stack's tags).
// It fails when neither is there, or when more than one resource matches.
func (s *Server) Find(typ string, inputs resource.PropertyMap) (id string, found bool, err error) {
	key, want := "name", deepPlain(inputs["name"])
	if !want.IsString() || want.StringValue() == "" {
		key, want = "tags", deepPlain(inputs["tags"])
		if !want.IsObject() || len(want.ObjectValue()) == 0 {
			return "", false, fmt.Errorf("fakeaws: a %s without a name or tags cannot be looked up", typ)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, r := range s.live {
		if r.Type == typ && Equal(deepPlain(r.Inputs[resource.PropertyKey(key)]), want) {
			ids = append(ids, r.ID)
		}
	}
	switch len(ids) {
	case 0:
		return "", false, nil
	case 1:
		return ids[0], true, nil
	}
	return "", false, fmt.Errorf("fakeaws: %d resources of type %s have the %s %v: %s", len(ids), typ, key, want, strings.Join(ids, ", "))
}

// RemoveOutOfBand deletes a resource from the fake cloud behind the engine's back, as someone
// clicking in the console would: the next refresh finds it gone. It returns the id removed.
func (s *Server) RemoveOutOfBand(typ, name string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.live {
		if r.Type == typ && resource.URN(r.URN).Name() == name {
			s.live = slices.Delete(s.live, i, i+1)
			s.ops = append(s.ops, Op{Provider: "aws", Kind: "OutOfBandDelete", Type: typ, URN: r.URN, ID: r.ID})
			return r.ID, true
		}
	}
	return "", false
}
