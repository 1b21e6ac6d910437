// Package fakeaws serves in-process fake `aws` and `awsx` Pulumi providers on loopback gRPC ports,
// for tests that run the real Pulumi engine without AWS: the engine attaches to them through
// PULUMI_DEBUG_PROVIDERS=aws:PORT,awsx:PORT (see Server.Env) instead of loading plugin binaries.
//
// The fake answers like the offline cloud of `vpclink plan` (internal/offline): a resource created
// for the first time under a URN gets exactly the id and outputs the offline plan shows for it. A
// resource created again under the same URN (a replacement) gets new ones, as AWS would give it.
// Diff reports replacements for the inputs AWS cannot change in place (see Diff). The awsx provider
// constructs awsx:ec2:Vpc as a remote component that registers an aws:ec2/vpc:Vpc and one
// aws:ec2/subnet:Subnet per subnet CIDR block through the engine.
//
// Every call is recorded as an Op, in order, so tests can check what the engine did and when. It is
// test equipment, not product.
package fakeaws

import (
	"fmt"
	"maps"
	"net"
	"slices"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"

	"github.com/vpclink/vpclink/internal/offline"
)

// Plugin versions the fake reports, the ones vpclink is built against.
const (
	AwsVersion  = "6.83.4"
	AwsxVersion = "2.22.0"
)

// Options configures Start.
type Options struct {
	// Project and Stack seed the offline cloud's answers; Project defaults to "vpclink", Stack to
	// "dev". They must be the project and stack the engine runs, or the ids will not match the
	// offline plan's.
	Project, Stack string
	// Region the fake cloud is in. Defaults to us-east-1.
	Region string
}

// Op is one call the engine made to a fake provider.
type Op struct {
	// Provider is "aws" or "awsx".
	Provider string
	// Kind is Check, Diff, Create, Read, Update, Delete, Construct or Invoke. Create and Update
	// are recorded only when they change the fake cloud, not for the engine's previews of them.
	Kind string
	// Type is the resource type token, or the function token of an Invoke.
	Type string
	// URN of the resource ("" for an Invoke).
	URN string
	// ID of the resource: the new id of a Create, the id a Read, Update or Delete acted on.
	ID string
	// Replace is true for a Diff that reported a replacement, with the inputs that forced it.
	Replace     bool
	ReplaceKeys []string
	// Changed are the inputs a Diff found different (also set when Replace is false).
	Changed []string
}

// Resource is a resource alive in the fake cloud.
type Resource struct {
	URN, Type, ID string
	// Inputs the resource was last created or updated with; Outputs what the fake answered.
	Inputs, Outputs resource.PropertyMap
}

// Server runs the fake providers. Create it with Start; Close it when done.
type Server struct {
	opts  Options
	cloud *offline.Cloud
	apigw *apiGateway // what REST APIs, deployments and stages hold (apigateway.go)

	faultPlan // injected faults (faults.go)

	mu         sync.Mutex
	ops        []Op
	live       []*Resource                 // in creation order
	generation map[string]int              // URN -> how many times a resource was created under it
	children   map[string]awsxChild        // URN of an awsx child -> what it is
	engine     map[string]*grpc.ClientConn // provider -> connection to the engine it is attached to

	servers   []*grpc.Server
	listeners []net.Listener
	ports     map[string]int
}

// Start serves the fake aws and awsx providers on two loopback ports.
func Start(opts Options) (*Server, error) {
	if opts.Project == "" {
		opts.Project = "vpclink"
	}
	if opts.Stack == "" {
		opts.Stack = "dev"
	}
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	s := &Server{
		opts:       opts,
		cloud:      offline.New(opts.Project, opts.Stack, opts.Region),
		apigw:      newApiGateway(),
		generation: map[string]int{},
		children:   map[string]awsxChild{},
		engine:     map[string]*grpc.ClientConn{},
		ports:      map[string]int{},
	}
	for _, pkg := range []string{"aws", "awsx"} {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("fakeaws: listening for %s: %w", pkg, err)
		}
		g := grpc.NewServer(grpc.MaxRecvMsgSize(256 << 20))
		pulumirpc.RegisterResourceProviderServer(g, &provider{pkg: pkg, s: s})
		s.servers = append(s.servers, g)
		s.listeners = append(s.listeners, l)
		s.ports[pkg] = l.Addr().(*net.TCPAddr).Port
		go func() { _ = g.Serve(l) }()
	}
	return s, nil
}

// Env is the value of PULUMI_DEBUG_PROVIDERS that attaches the engine to this server.
func (s *Server) Env() string {
	return fmt.Sprintf("aws:%d,awsx:%d", s.ports["aws"], s.ports["awsx"])
}

// Ops returns every operation since Start or the last Reset, in order.
func (s *Server) Ops() []Op {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Op, len(s.ops))
	for i, o := range s.ops {
		o.ReplaceKeys = slices.Clone(o.ReplaceKeys)
		o.Changed = slices.Clone(o.Changed)
		out[i] = o
	}
	return out
}

// Reset clears the op log. The fake cloud's resources stay.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ops = nil
}

// Live returns the resources alive in the fake cloud, in creation order.
func (s *Server) Live() []Resource {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Resource, len(s.live))
	for i, r := range s.live {
		out[i] = Resource{URN: r.URN, Type: r.Type, ID: r.ID, Inputs: r.Inputs.Copy(), Outputs: r.Outputs.Copy()}
	}
	return out
}

// Close stops both providers.
func (s *Server) Close() {
	for _, g := range s.servers {
		g.Stop()
	}
	for _, l := range s.listeners {
		_ = l.Close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.engine {
		_ = c.Close()
	}
	s.engine = map[string]*grpc.ClientConn{}
}

func (s *Server) record(op Op) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ops = append(s.ops, op)
}

// nextGeneration counts one more creation under urn and returns its number, 1 for the first.
func (s *Server) nextGeneration(urn string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.generation[urn]++
	return s.generation[urn]
}

// Seed is what the fake gives the offline cloud (offline.Cloud.Answer) to derive the ids of the
// generation-th resource created under urn: the URN itself the first time, so the first creation
// matches the offline plan, and the URN plus the generation after that, so a replacement gets a
// new id, name and ARN, as it would in AWS.
func Seed(urn string, generation int) string { return seed(urn, generation) }

func seed(urn string, generation int) string {
	if generation <= 1 {
		return urn
	}
	return fmt.Sprintf("%s#%d", urn, generation)
}

func (s *Server) addLive(r *Resource) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.live = append(s.live, r)
}

func (s *Server) updateLive(urn, id string, inputs, outputs resource.PropertyMap) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.live {
		if r.URN == urn && r.ID == id {
			r.Inputs, r.Outputs = inputs, outputs
			return
		}
	}
}

// findLive returns the live resource with the URN and id.
func (s *Server) findLive(urn, id string) (*Resource, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.live {
		if r.URN == urn && r.ID == id {
			return r, true
		}
	}
	return nil, false
}

func (s *Server) removeLive(urn, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.live)
	s.live = slices.DeleteFunc(s.live, func(r *Resource) bool { return r.URN == urn && r.ID == id })
	return len(s.live) != n
}

func (s *Server) setEngine(pkg string, c *grpc.ClientConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.engine[pkg]; old != nil {
		_ = old.Close()
	}
	s.engine[pkg] = c
}

func (s *Server) engineConn(pkg string) *grpc.ClientConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.engine[pkg]
}

func (s *Server) child(urn string) (awsxChild, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.children[urn]
	return c, ok
}

func (s *Server) setChildren(m map[string]awsxChild) {
	s.mu.Lock()
	defer s.mu.Unlock()
	maps.Copy(s.children, m)
}
