package stacks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// PendingOperation is an operation the engine started on a resource and never saw finish: the
// run that started it was killed (or lost its connection to the backend) while the provider
// worked. For a create, the resource may exist in AWS without the state knowing its id.
type PendingOperation struct {
	// Kind is creating, updating, deleting, reading or importing.
	Kind string
	// Type and URN of the resource.
	Type, URN string
	// Name is the physical name it was given (its name input), "" when it has none or the
	// provider generates it; NameTag its Name tag. They are what to look for in AWS.
	Name, NameTag string
	// Inputs it was created or updated with.
	Inputs map[string]any
}

func (p PendingOperation) String() string {
	s := fmt.Sprintf("%s %s (%s)", p.Kind, p.URN, p.Type)
	switch {
	case p.Name != "":
		s += ", named " + p.Name
	case p.NameTag != "":
		s += ", tagged Name=" + p.NameTag
	}
	return s
}

// Pending returns the operations the stack's state records as started and not finished. It reads
// the state without taking the lock, so it works on a stack a killed run left locked.
func (s *Stack) Pending(ctx context.Context) ([]PendingOperation, error) {
	d, err := s.deployment(ctx)
	if err != nil {
		return nil, err
	}
	var out []PendingOperation
	for _, op := range d.PendingOperations {
		p := PendingOperation{Kind: string(op.Type), Type: string(op.Resource.Type), URN: string(op.Resource.URN), Inputs: op.Resource.Inputs}
		if n, ok := op.Resource.Inputs["name"].(string); ok {
			p.Name = n
		}
		if tags, ok := op.Resource.Inputs["tags"].(map[string]any); ok {
			p.NameTag, _ = tags["Name"].(string)
		}
		out = append(out, p)
	}
	return out, nil
}

// Finder looks up in the cloud the resource a pending create made, the way an operator would after
// a crash: by type and physical name, or tags. It returns the resource's id, or found false when the create
// made nothing (the request never reached AWS, or AWS refused it).
type Finder func(ctx context.Context, op PendingOperation) (id string, found bool, err error)

// RecoverOptions configures Recover.
type RecoverOptions struct {
	// Find resolves pending creates. Defaults to none: then every pending create needs an entry
	// in Imports, or ClearUnfound.
	Find Finder
	// Imports are the ids of pending creates' resources found by hand, by URN.
	Imports map[string]string
	// ClearUnfound drops the pending creates neither Find nor Imports resolves, as having made
	// nothing. Defaults to false: Recover then stops and lists them, since dropping one that did
	// create something leaves that resource running outside the state.
	ClearUnfound bool
	// Force clears locks whose process may still run (taken on another machine, or alive on this
	// one). Defaults to false: only locks known to be stale are cleared.
	Force bool
}

// Recovery is what Recover found and did.
type Recovery struct {
	// Locks cleared.
	Locks []Lock
	// Pending operations found in the state.
	Pending []PendingOperation
	// Imported are the pending creates whose resource exists, by URN, with its id: they are in
	// the state now.
	Imported map[string]string
	// Cleared are the URNs of pending creates that had made nothing, dropped from the state.
	Cleared []string
}

// ErrUnresolvedPending: Recover found pending creates it could not resolve.
var ErrUnresolvedPending = errors.New("pending creates could not be resolved")

// Recover brings a stack a killed run left behind back to a state Up can continue from: it
// clears the stale lock, resolves each pending create by looking its resource up (Find, Imports)
// and putting it in the state with its id, or dropping it when it made nothing, then refreshes
// every resource from the cloud, so the found ones get their outputs and pending updates and
// deletes are read back as they ended. Nothing is created or deleted in the cloud; run Up
// afterwards to converge.
func (s *Stack) Recover(ctx context.Context, o RecoverOptions) (*Recovery, error) {
	pending, err := s.Pending(ctx)
	if err != nil {
		return nil, err
	}
	r := &Recovery{Pending: pending, Imported: map[string]string{}}
	var unresolved []string
	for _, p := range pending {
		if p.Kind != string(apitype.OperationTypeCreating) {
			continue
		}
		id, found := o.Imports[p.URN]
		var ferr error
		if id == "" && o.Find != nil {
			id, found, ferr = o.Find(ctx, p)
		}
		switch {
		case ferr == nil && (found || id != ""):
			r.Imported[p.URN] = id
		case (ferr == nil && o.Find != nil) || o.ClearUnfound:
			r.Cleared = append(r.Cleared, p.URN)
		case ferr != nil:
			unresolved = append(unresolved, fmt.Sprintf("%s: %v", p, ferr))
		default:
			unresolved = append(unresolved, p.String())
		}
	}
	if len(unresolved) > 0 {
		return r, fmt.Errorf("recovering stack %s: %w: %d create(s) were in flight when the last run died, and each may have made its resource in AWS:\n  %s\nlook each up in AWS by its name; pass the id of each one that exists (vpclink up --recover --import URN=ID), and --clear-pending for the rest",
			s.Name, ErrUnresolvedPending, len(unresolved), strings.Join(unresolved, "\n  "))
	}
	slices.Sort(r.Cleared)

	// Clear the lock first, and only a stale one (or with Force): the state is edited next, which
	// must never happen behind a running update.
	if err := s.probeLock(ctx); err != nil {
		var locked *LockedError
		if !errors.As(err, &locked) {
			return r, fmt.Errorf("recovering stack %s: %w", s.Name, err)
		}
		if !locked.Stale() && !o.Force {
			return r, fmt.Errorf("recovering stack %s: not clearing a lock that may belong to a running update (pass --force once you are sure it does not): %w", s.Name, err)
		}
		if cerr := s.stack.Cancel(ctx); cerr != nil {
			return r, wrapAutoError("clearing the lock of stack "+s.Name, cerr)
		}
		r.Locks = locked.Locks
	}
	if len(r.Imported)+len(r.Cleared) > 0 {
		if err := s.resolvePendingCreates(ctx, r.Imported); err != nil {
			return r, fmt.Errorf("recovering stack %s: %w", s.Name, err)
		}
	}
	if _, err := s.refresh(ctx); err != nil {
		return r, fmt.Errorf("recovering stack %s: %w", s.Name, err)
	}
	return r, nil
}

// probeLock takes and releases the stack's lock with a refresh of the stack resource alone, which
// reads nothing from the cloud: it fails with a *LockedError when another run holds the lock.
func (s *Stack) probeLock(ctx context.Context) error {
	d, err := s.deployment(ctx)
	if err != nil {
		return err
	}
	var root string
	for _, res := range d.Resources {
		if res.Type == "pulumi:pulumi:Stack" {
			root = string(res.URN)
		}
	}
	if root == "" {
		return nil
	}
	opts := []optrefresh.Option{optrefresh.Target([]string{root})}
	if s.configFile != "" {
		opts = append(opts, optrefresh.ConfigFile(s.configFile))
	}
	_, err = s.stack.Refresh(ctx, opts...)
	return wrapAutoError("checking the lock of stack "+s.Name, err)
}

// resolvePendingCreates edits the state: a pending create whose resource was found becomes a
// resource of the state with that id (the refresh that follows reads its outputs from the cloud);
// every other pending create is dropped. The engine itself keeps pending creates forever: they
// need someone to decide, and the CLI's --import-pending-creates only relabels them.
func (s *Stack) resolvePendingCreates(ctx context.Context, found map[string]string) error {
	d, err := s.deployment(ctx)
	if err != nil {
		return err
	}
	var keep []apitype.OperationV2
	for _, op := range d.PendingOperations {
		if op.Type != apitype.OperationTypeCreating {
			keep = append(keep, op)
			continue
		}
		if id := found[string(op.Resource.URN)]; id != "" {
			res := op.Resource
			res.ID = resource.ID(id)
			d.Resources = append(d.Resources, res)
		}
	}
	d.PendingOperations = keep
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	if err := s.stack.Import(ctx, apitype.UntypedDeployment{Version: 3, Deployment: b}); err != nil {
		return wrapAutoError("writing the resolved state of stack "+s.Name, err)
	}
	return nil
}

func (s *Stack) deployment(ctx context.Context) (*apitype.DeploymentV3, error) {
	dep, err := s.stack.Export(ctx)
	if err != nil {
		return nil, wrapAutoError("reading the state of stack "+s.Name, err)
	}
	var d apitype.DeploymentV3
	if len(dep.Deployment) > 0 {
		if err := json.Unmarshal(dep.Deployment, &d); err != nil {
			return nil, fmt.Errorf("reading the state of stack %s: %w", s.Name, err)
		}
	}
	return &d, nil
}

// WriteText describes the recovery for a person.
func (r *Recovery) WriteText(b *strings.Builder) {
	for _, l := range r.Locks {
		fmt.Fprintf(b, "cleared the lock of %s@%s (pid %d) since %s\n", l.User, l.Host, l.PID, l.Since.Format("2006-01-02 15:04:05Z07:00"))
	}
	for _, p := range r.Pending {
		switch {
		case r.Imported[p.URN] != "":
			fmt.Fprintf(b, "pending %s: found in the cloud as %s, now in the state\n", p, r.Imported[p.URN])
		case slices.Contains(r.Cleared, p.URN):
			fmt.Fprintf(b, "pending %s: made nothing in the cloud, dropped\n", p)
		default:
			fmt.Fprintf(b, "pending %s: read back from the cloud by the refresh\n", p)
		}
	}
}
