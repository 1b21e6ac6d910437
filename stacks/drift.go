package stacks

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

// Drifted is a resource whose state no longer matches the cloud: changed or deleted outside
// vpclink (in the console, by another tool, by AWS itself).
type Drifted struct {
	// URN and Type of the resource.
	URN, Type string
	// Deleted is true when the resource is gone from the cloud.
	Deleted bool
	// Changed are the properties that differ, when it still exists.
	Changed []string
}

func (d Drifted) String() string {
	if d.Deleted {
		return fmt.Sprintf("%s (%s): deleted outside vpclink", d.URN, d.Type)
	}
	return fmt.Sprintf("%s (%s): changed outside vpclink: %s", d.URN, d.Type, strings.Join(d.Changed, ", "))
}

// Drift compares the state with the cloud without changing either (a refresh preview) and returns
// the resources that differ, sorted by URN. Up does not read the cloud: it changes what the state
// says differs from the program, so a resource deleted outside vpclink stays deleted until a
// refresh puts that in the state and the next Up restores it.
func (s *Stack) Drift(ctx context.Context) ([]Drifted, error) {
	opts := []optrefresh.Option{}
	if s.configFile != "" {
		opts = append(opts, optrefresh.ConfigFile(s.configFile))
	}
	ch := make(chan events.EngineEvent)
	found := map[string]*Drifted{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e := range ch {
			if s.opts.Events != nil {
				s.opts.Events <- e
			}
			// A refresh step knows what it found only when it is done.
			if e.ResOutputsEvent == nil {
				continue
			}
			d, ok := drifted(e.ResOutputsEvent.Metadata)
			if !ok {
				continue
			}
			found[d.URN] = &d
		}
	}()
	opts = append(opts, optrefresh.EventStreams(ch))
	_, err := s.stack.PreviewRefresh(ctx, opts...)
	<-done
	if err != nil {
		return nil, wrapAutoError("comparing stack "+s.Name+" with the cloud", err)
	}
	var out []Drifted
	for _, urn := range slices.Sorted(maps.Keys(found)) {
		out = append(out, *found[urn])
	}
	return out, nil
}

// drifted reads a refresh step: a refresh that found the resource gone has no new state (or
// reports a delete); one that found it changed lists the properties that differ.
func drifted(m apitype.StepEventMetadata) (Drifted, bool) {
	d := Drifted{URN: m.URN, Type: m.Type}
	if m.Old == nil || !m.Old.Custom {
		return d, false
	}
	switch m.Op {
	case apitype.OpDelete:
		d.Deleted = true
		return d, true
	case apitype.OpRefresh, apitype.OpUpdate:
		if m.New == nil || m.New.ID == "" {
			d.Deleted = true
			return d, true
		}
		d.Changed = slices.Clone(m.Diffs)
		for k := range m.DetailedDiff {
			if !slices.Contains(d.Changed, k) {
				d.Changed = append(d.Changed, k)
			}
		}
		slices.Sort(d.Changed)
		return d, len(d.Changed) > 0
	}
	return d, false
}
