package fakeaws

import (
	"context"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// provider is one fake package (aws or awsx) of a Server.
type provider struct {
	pulumirpc.UnimplementedResourceProviderServer
	pkg string
	s   *Server
}

var _ pulumirpc.ResourceProviderServer = (*provider)(nil)

func (p *provider) version() string {
	if p.pkg == "awsx" {
		return AwsxVersion
	}
	return AwsVersion
}

func (p *provider) record(op Op) {
	op.Provider = p.pkg
	p.s.record(op)
}

func unmarshal(s *structpb.Struct) (resource.PropertyMap, error) {
	if s == nil {
		return resource.PropertyMap{}, nil
	}
	return plugin.UnmarshalProperties(s, plugin.MarshalOptions{
		KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true,
	})
}

func marshal(m resource.PropertyMap) (*structpb.Struct, error) {
	return plugin.MarshalProperties(m, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true})
}

func (p *provider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: p.version()}, nil
}

func (p *provider) Handshake(_ context.Context, req *pulumirpc.ProviderHandshakeRequest) (*pulumirpc.ProviderHandshakeResponse, error) {
	if addr := req.GetEngineAddress(); addr != "" && p.pkg == "awsx" {
		if err := p.dialEngine(addr); err != nil {
			return nil, err
		}
	}
	// Constructing components needs secrets, resource references and output values (that is what
	// the SDK's Construct helper expects); the aws provider takes them all too.
	return &pulumirpc.ProviderHandshakeResponse{AcceptSecrets: true, AcceptResources: true, AcceptOutputs: p.pkg == "awsx"}, nil
}

// Attach is called when the engine attaches to an already running provider: nothing to do but
// remember where the engine is, for Construct.
func (p *provider) Attach(_ context.Context, req *pulumirpc.PluginAttach) (*emptypb.Empty, error) {
	if p.pkg == "awsx" {
		if err := p.dialEngine(req.GetAddress()); err != nil {
			return nil, err
		}
	}
	return &emptypb.Empty{}, nil
}

func (p *provider) dialEngine(addr string) error {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return fmt.Errorf("fakeaws: connecting to the engine at %s: %w", addr, err)
	}
	p.s.setEngine(p.pkg, conn)
	return nil
}

func (p *provider) GetSchema(context.Context, *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	return &pulumirpc.GetSchemaResponse{Schema: fmt.Sprintf(`{"name":%q,"version":%q}`, p.pkg, p.version())}, nil
}

func (p *provider) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (p *provider) DiffConfig(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, err := unmarshal(req.GetOldInputs())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	d := Diff("pulumi:providers:"+p.pkg, olds, news)
	// Changing the Region or account of a provider would move every resource; the fake only
	// reports the change.
	if !d.HasChanges() {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
	}
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_SOME, Diffs: d.Changed}, nil
}

func (p *provider) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{
		AcceptSecrets: true, SupportsPreview: true, AcceptResources: true, AcceptOutputs: p.pkg == "awsx",
	}, nil
}

func (p *provider) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Check accepts the inputs as they are, but for what pulumi-aws validates itself (constraints.go).
func (p *provider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	p.record(Op{Kind: "Check", Type: req.GetType(), URN: req.GetUrn()})
	return &pulumirpc.CheckResponse{Inputs: req.GetNews(), Failures: checkFailures(req.GetUrn(), typeOf(req.GetType(), req.GetUrn()), req.GetNews())}, nil
}

// Diff compares the old and new inputs (see Diff).
func (p *provider) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds := req.GetOldInputs()
	if olds == nil {
		olds = req.GetOlds()
	}
	old, err := unmarshal(olds)
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	typ := typeOf(req.GetType(), req.GetUrn())
	d := Diff(typ, old, news, req.GetIgnoreChanges()...)
	p.record(Op{Kind: "Diff", Type: typ, URN: req.GetUrn(), ID: req.GetId(), Replace: d.Replace(), ReplaceKeys: d.ReplaceKeys, Changed: d.Changed})
	if !d.HasChanges() {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
	}
	detailed := map[string]*pulumirpc.PropertyDiff{}
	for _, k := range d.Changed {
		kind := pulumirpc.PropertyDiff_UPDATE
		_, hadOld := old[resource.PropertyKey(k)]
		_, hasNew := news[resource.PropertyKey(k)]
		switch {
		case !hadOld:
			kind = pulumirpc.PropertyDiff_ADD
		case !hasNew:
			kind = pulumirpc.PropertyDiff_DELETE
		}
		for _, r := range d.ReplaceKeys {
			if r == k {
				kind += pulumirpc.PropertyDiff_ADD_REPLACE - pulumirpc.PropertyDiff_ADD
			}
		}
		detailed[k] = &pulumirpc.PropertyDiff{Kind: kind, InputDiff: true}
	}
	return &pulumirpc.DiffResponse{
		Changes: pulumirpc.DiffResponse_DIFF_SOME, Diffs: d.Changed, Replaces: d.ReplaceKeys,
		DetailedDiff: detailed, HasDetailedDiff: true,
	}, nil
}

// Create answers like the offline cloud. A preview gets the inputs back with every property the
// cloud would compute unknown.
func (p *provider) Create(ctx context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	urn, typ := req.GetUrn(), typeOf(req.GetType(), req.GetUrn())
	inputs, err := unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	if req.GetPreview() {
		// What the cloud computes is unknown until it is created: the keys the answer adds to
		// the inputs, found with placeholders for the inputs that are unknown themselves.
		outs := inputs.Copy()
		_, answered, err := p.answer(urn, typ, placeholders(inputs), p.s.peekGeneration(urn)+1)
		if err != nil {
			return nil, status.Errorf(codes.Unknown, "fakeaws: previewing the creation of %s: %v", urn, err)
		}
		for k := range answered {
			if _, ok := inputs[k]; !ok {
				outs[k] = resource.MakeComputed(resource.NewProperty(""))
			}
		}
		props, err := marshal(outs)
		if err != nil {
			return nil, err
		}
		return &pulumirpc.CreateResponse{Properties: props}, nil
	}
	if err := refusal("creating", urn, typ, inputs); err != nil { // AWS refuses what breaks its rules (constraints.go)
		return nil, err
	}
	if resp, ok, err := p.faultCreate(ctx, urn, typ, inputs); ok {
		return resp, err
	}
	gen := p.s.nextGeneration(urn)
	id, outs, err := p.answer(urn, typ, inputs, gen)
	if err != nil {
		return nil, status.Errorf(codes.Unknown, "fakeaws: creating %s: %v", urn, err)
	}
	if err := p.s.apigw.put(typ, id, inputs, outs); err != nil {
		return nil, status.Errorf(codes.Unknown, "fakeaws: creating %s: %v", urn, err)
	}
	p.record(Op{Kind: "Create", Type: typ, URN: urn, ID: id})
	p.s.addLive(&Resource{URN: urn, Type: typ, ID: id, Inputs: inputs.Copy(), Outputs: outs.Copy()})
	props, err := marshal(outs)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

// Update answers with the outputs the resource's current generation has for the new inputs.
func (p *provider) Update(ctx context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	urn, typ, id := req.GetUrn(), typeOf(req.GetType(), req.GetUrn()), req.GetId()
	if err := p.s.fault(ctx, req.GetPreview(), "update", typ, urn, id); err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	olds, err := unmarshal(req.GetOlds())
	if err != nil {
		return nil, err
	}
	if err := refusal("updating", urn, typ, news); err != nil && !req.GetPreview() { // constraints.go
		return nil, err
	}
	gen := p.s.peekGeneration(urn)
	if gen == 0 {
		gen = 1
	}
	_, outs, err := p.answer(urn, typ, news, gen)
	if err != nil || hasUnknownsMap(news) {
		if !req.GetPreview() && err != nil {
			return nil, status.Errorf(codes.Unknown, "fakeaws: updating %s: %v", urn, err)
		}
		// A preview with unknown inputs: the old outputs, the new inputs over them.
		outs = olds.Copy()
		for k, v := range news {
			outs[k] = v
		}
	}
	// An update never changes a resource's identity.
	for _, k := range []resource.PropertyKey{"id", "arn", "name"} {
		if v, ok := olds[k]; ok {
			if _, in := news[k]; !in {
				outs[k] = v
			}
		}
	}
	if !req.GetPreview() {
		if err := p.s.apigw.put(typ, id, news, outs); err != nil {
			return nil, status.Errorf(codes.Unknown, "fakeaws: updating %s: %v", urn, err)
		}
		p.record(Op{Kind: "Update", Type: typ, URN: urn, ID: id})
		p.s.updateLive(urn, id, news.Copy(), outs.Copy())
	}
	props, err := marshal(outs)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.UpdateResponse{Properties: props}, nil
}

// Read returns what the fake cloud holds for the resource: a refresh of an unchanged stack finds
// nothing to change, and a resource the fake cloud no longer has is gone.
func (p *provider) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	urn, typ, id := req.GetUrn(), typeOf(req.GetType(), req.GetUrn()), req.GetId()
	p.record(Op{Kind: "Read", Type: typ, URN: urn, ID: id})
	r, ok := p.s.findLive(urn, id)
	if !ok {
		return &pulumirpc.ReadResponse{}, nil
	}
	props, err := marshal(r.Outputs)
	if err != nil {
		return nil, err
	}
	inputs := req.GetInputs()
	if inputs == nil {
		if inputs, err = marshal(r.Inputs); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.ReadResponse{Id: id, Properties: props, Inputs: inputs}, nil
}

// Delete removes the resource from the fake cloud.
func (p *provider) Delete(ctx context.Context, req *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	urn, typ, id := req.GetUrn(), typeOf(req.GetType(), req.GetUrn()), req.GetId()
	if err := p.s.fault(ctx, false, "delete", typ, urn, id); err != nil {
		return nil, err
	}
	if r, ok := p.s.findLive(urn, id); ok && typ == "aws:lb/loadBalancer:LoadBalancer" {
		if v := plain(r.Inputs["enableDeletionProtection"]); v.IsBool() && v.BoolValue() {
			// aws-facts E7: AWS refuses, whatever Pulumi's own protect says.
			return nil, status.Errorf(codes.Unknown, "deleting ELBv2 Load Balancer (%s): OperationNotPermitted: Load balancer '%s' cannot be deleted because deletion protection is enabled", id, id)
		}
	}
	olds, err := unmarshal(req.GetOldInputs())
	if err != nil {
		return nil, err
	}
	if r, ok := p.s.findLive(urn, id); ok {
		olds = r.Inputs
	}
	if err := p.s.apigw.remove(typ, id, olds); err != nil {
		return nil, status.Errorf(codes.Unknown, "fakeaws: deleting %s: %v", urn, err)
	}
	p.record(Op{Kind: "Delete", Type: typ, URN: urn, ID: id})
	p.s.removeLive(urn, id)
	return &emptypb.Empty{}, nil
}

// Invoke answers the lookups the offline cloud answers.
func (p *provider) Invoke(_ context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	p.record(Op{Kind: "Invoke", Type: req.GetTok()})
	args, err := unmarshal(req.GetArgs())
	if err != nil {
		return nil, err
	}
	plainArgs := resource.PropertyMap{}
	for k, v := range args {
		plainArgs[k] = plain(v)
	}
	ret, err := p.s.cloud.Call(pulumi.MockCallArgs{Token: req.GetTok(), Args: plainArgs})
	if err != nil {
		return &pulumirpc.InvokeResponse{Failures: []*pulumirpc.CheckFailure{{Reason: err.Error()}}}, nil
	}
	out, err := marshal(ret)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.InvokeResponse{Return: out}, nil
}

// Construct builds the awsx components the fake knows (awsx:ec2:Vpc).
func (p *provider) Construct(ctx context.Context, req *pulumirpc.ConstructRequest) (*pulumirpc.ConstructResponse, error) {
	p.record(Op{Kind: "Construct", Type: req.GetType(), URN: constructURN(req)})
	if p.pkg != "awsx" || req.GetType() != "awsx:ec2:Vpc" {
		return nil, status.Errorf(codes.Unimplemented, "fakeaws: %s cannot construct %s", p.pkg, req.GetType())
	}
	return p.constructVpc(ctx, req)
}

// answer is the offline cloud's answer for a resource created under urn for the generation-th
// time, with the types the offline cloud does not model (the awsx VPC's children) answered here.
func (p *provider) answer(urn, typ string, inputs resource.PropertyMap, generation int) (string, resource.PropertyMap, error) {
	if p.pkg != "aws" {
		return "", nil, fmt.Errorf("%s does not create custom resources", p.pkg)
	}
	clean := resource.PropertyMap{}
	for k, v := range inputs {
		clean[k] = deepPlain(v)
	}
	name := resource.URN(urn).Name()
	switch typ {
	case "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet":
		return p.s.answerEc2(urn, typ, name, clean, generation)
	}
	return p.s.cloud.Answer(seed(urn, generation), typ, name, clean)
}

// deepPlain removes secret and output wrappers, which the offline cloud does not expect.
func deepPlain(v resource.PropertyValue) resource.PropertyValue {
	v = plain(v)
	switch {
	case v.IsArray():
		a := make([]resource.PropertyValue, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			a[i] = deepPlain(e)
		}
		return resource.NewProperty(a)
	case v.IsObject():
		m := resource.PropertyMap{}
		for k, e := range v.ObjectValue() {
			m[k] = deepPlain(e)
		}
		return resource.NewProperty(m)
	}
	return v
}

func hasUnknownsMap(m resource.PropertyMap) bool {
	for _, v := range m {
		if hasUnknowns(v) {
			return true
		}
	}
	return false
}

// typeOf is the request's type, or the one in its URN for engines that do not send it.
func typeOf(typ, urn string) string {
	if typ != "" {
		return typ
	}
	return string(resource.URN(urn).Type())
}

func constructURN(req *pulumirpc.ConstructRequest) string {
	parentType := ""
	if parent := resource.URN(req.GetParent()); parent != "" && parent.QualifiedType() != resource.RootStackType {
		parentType = string(parent.QualifiedType())
	}
	return childURN(req.GetStack(), req.GetProject(), parentType, req.GetType(), req.GetName())
}

func childURN(stack, project, parentType, typ, name string) string {
	if parentType != "" {
		typ = parentType + "$" + typ
	}
	return fmt.Sprintf("urn:pulumi:%s::%s::%s::%s", stack, project, typ, name)
}

// peekGeneration is how many times a resource was created under urn.
func (s *Server) peekGeneration(urn string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.generation[urn]
}

// placeholders replaces unknown values with a placeholder string, for answers in previews.
func placeholders(m resource.PropertyMap) resource.PropertyMap {
	out := resource.PropertyMap{}
	for k, v := range m {
		out[k] = placeholder(v)
	}
	return out
}

func placeholder(v resource.PropertyValue) resource.PropertyValue {
	v = plain(v)
	switch {
	case v.IsComputed():
		return resource.NewProperty("unknown")
	case v.IsArray():
		a := make([]resource.PropertyValue, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			a[i] = placeholder(e)
		}
		return resource.NewProperty(a)
	case v.IsObject():
		m := resource.PropertyMap{}
		for k, e := range v.ObjectValue() {
			m[k] = placeholder(e)
		}
		return resource.NewProperty(m)
	}
	return v
}
