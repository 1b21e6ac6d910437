package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpclink/vpclink/openapi"
	"github.com/vpclink/vpclink/policy"
)

// Document is the JSON form of a plan (`vpclink plan --json`). Secrets are masked.
type Document struct {
	Project   string             `json:"project"`
	Stack     string             `json:"stack"`
	Region    string             `json:"region"`
	Resources []ResourceDocument `json:"resources"`
	Outputs   map[string]any     `json:"outputs"`
	Findings  []FindingDocument  `json:"findings"`
	Notes     []string           `json:"notes"`
	Cost      Cost               `json:"cost"`
}

// ResourceDocument is one resource of a Document.
type ResourceDocument struct {
	URN          string         `json:"urn"`
	Type         string         `json:"type"`
	Name         string         `json:"name"`
	Parent       string         `json:"parent"`
	Custom       bool           `json:"custom"`
	ID           string         `json:"id"`
	Inputs       map[string]any `json:"inputs"`
	Outputs      map[string]any `json:"outputs"`
	Dependencies []string       `json:"dependencies"`
	// PropertyDependencies are, per input, the URNs its value came from: the plan diff follows
	// them to cascade replacements.
	PropertyDependencies map[string][]string `json:"propertyDependencies,omitempty"`
	// Protect is Pulumi's protect option: a replacement or deletion of the resource fails.
	Protect bool `json:"protect,omitempty"`
	// Remote is true for components a provider constructs (awsx): their children are not listed.
	Remote bool `json:"remote,omitempty"`
}

// FindingDocument is one policy finding of a Document.
type FindingDocument struct {
	RuleID   string          `json:"ruleId"`
	Sources  []string        `json:"sources"`
	Severity policy.Severity `json:"severity"`
	URN      string          `json:"urn"`
	Type     string          `json:"type"`
	Name     string          `json:"name"`
	Message  string          `json:"message"`
}

// Document returns the plan's JSON document.
func (p *Plan) Document() Document {
	d := Document{Project: p.Project, Stack: p.Stack, Region: p.Region, Outputs: map[string]any{},
		Findings: p.Findings, Notes: p.Notes, Cost: p.Cost}
	if d.Findings == nil {
		d.Findings = []FindingDocument{}
	}
	if d.Notes == nil {
		d.Notes = []string{}
	}
	for _, r := range p.Resources {
		deps := r.Dependencies
		if deps == nil {
			deps = []string{}
		}
		d.Resources = append(d.Resources, ResourceDocument{
			URN: r.URN, Type: r.Type, Name: r.Name, Parent: r.Parent, Custom: r.Custom, ID: r.ID,
			Inputs: masked(r.Inputs), Outputs: masked(r.Outputs), Dependencies: deps,
			PropertyDependencies: r.PropertyDependencies, Protect: r.Protect, Remote: r.Remote,
		})
	}
	for k, v := range p.Outputs {
		if v.Secret {
			d.Outputs[k] = "[secret]"
		} else {
			d.Outputs[k] = v.Value
		}
	}
	return d
}

// JSON renders the plan's document, indented.
func (p *Plan) JSON() ([]byte, error) {
	return json.MarshalIndent(p.Document(), "", "  ")
}

// masked converts a property map to plain values with every secret replaced by "[secret]".
func masked(m resource.PropertyMap) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[string(k)] = maskedValue(v)
	}
	return out
}

func maskedValue(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return "[secret]"
	case v.IsObject():
		return masked(v.ObjectValue())
	case v.IsArray():
		a := make([]any, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			a[i] = maskedValue(e)
		}
		return a
	case v.IsComputed() || v.IsOutput() && !v.OutputValue().Known:
		return "[unknown]"
	case v.IsOutput():
		return maskedValue(v.OutputValue().Element)
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	default:
		return v.Mappable()
	}
}

// WriteText prints the plan for people: the resource tree grouped by component, counts by type,
// a diagram of each frontend's data path, the cost estimate and the policy findings.
func (p *Plan) WriteText(w io.Writer) {
	fmt.Fprintf(w, "vpclink plan of stack %s (project %s, region %s, environment %s): %d resources\n\n",
		p.Stack, p.Project, p.Region, p.Config.Environment, len(p.Resources))

	fmt.Fprintln(w, "Resources by component")
	children := map[string][]Resource{}
	known := map[string]bool{}
	for _, r := range p.Resources {
		known[r.URN] = true
	}
	for _, r := range p.Resources {
		parent := r.Parent
		if !known[parent] { // the stack itself
			parent = ""
		}
		children[parent] = append(children[parent], r)
	}
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		kids := children[parent]
		slices.SortFunc(kids, func(a, b Resource) int {
			if a.Custom != b.Custom { // components first
				if a.Custom {
					return 1
				}
				return -1
			}
			return strings.Compare(a.Type+a.Name, b.Type+b.Name)
		})
		for _, r := range kids {
			label := r.Type + "  " + r.Name
			if r.Remote {
				label += "  (remote component: its subnets, route tables, NAT gateways and EIPs are created by the awsx provider)"
			}
			if r.Protect {
				label += "  [protected]"
			}
			fmt.Fprintf(w, "%s%s\n", strings.Repeat("  ", depth+1), label)
			walk(r.URN, depth+1)
		}
	}
	walk("", 0)

	fmt.Fprintln(w, "\nCounts by type")
	counts := map[string]int{}
	for _, r := range p.Resources {
		counts[r.Type]++
	}
	for _, t := range slices.Sorted(maps.Keys(counts)) {
		fmt.Fprintf(w, "  %4d  %s\n", counts[t], t)
	}

	writeRestMethods(w, p.Resources)

	fmt.Fprintln(w, "\nData path")
	for _, f := range p.Config.Frontends {
		fmt.Fprintf(w, "\n%s (%s):\n```mermaid\n%s```\n", f.Name, f.Variant, Diagram(p.Config, f))
	}

	c := p.Cost
	fmt.Fprintf(w, "\nEstimated fixed monthly cost (%s list prices of %s, 730 h/month)\n", c.PriceRegion, c.PriceDate)
	for _, l := range c.Lines {
		fmt.Fprintf(w, "  %10.2f %s  %-38s %g %s  (%s)\n", l.Monthly, c.Currency, l.Item, l.Quantity, l.Unit, l.Note)
	}
	fmt.Fprintf(w, "  %10.2f %s  total per month, before traffic\n", c.Monthly, c.Currency)
	for _, l := range c.Usage {
		fmt.Fprintf(w, "  plus %s %s per %s of %s\n", unitPrice(l.Monthly), c.Currency, l.Unit, l.Item)
	}
	if c.Note != "" {
		fmt.Fprintf(w, "  note: %s\n", c.Note)
	}
	for _, ch := range c.Choices {
		fmt.Fprintf(w, "  choice: %s\n", ch)
	}

	fmt.Fprintln(w, "\nPolicy findings")
	if len(p.Findings) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, f := range p.Findings {
		fmt.Fprintf(w, "  %-9s %-28s %s %s: %s\n", strings.ToUpper(string(f.Severity)), f.RuleID, f.Type, f.Name, f.Message)
	}
	if len(p.Findings) > 0 {
		fmt.Fprintf(w, "  %d mandatory, %d advisory\n", p.Mandatory(), len(p.Findings)-p.Mandatory())
	}

	if len(p.Notes) > 0 {
		fmt.Fprintln(w, "\nNotes (what the images must provide; no plan can check it)")
		for _, n := range p.Notes {
			fmt.Fprintf(w, "  %s\n", n)
		}
	}
}

// Mandatory counts the plan's mandatory findings.
func (p *Plan) Mandatory() int {
	n := 0
	for _, f := range p.Findings {
		if f.Severity == policy.Mandatory {
			n++
		}
	}
	return n
}

// unitPrice prints a per-unit price with cents, or with more digits where cents would round it
// (S3 storage is 0.023 USD per GB-month).
func unitPrice(v float64) string {
	if s := fmt.Sprintf("%.2f", v); fmt.Sprintf("%.4f", v) == s+"00" {
		return s
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// writeRestMethods lists the methods each REST API's OpenAPI body defines: API Gateway creates
// them on import, so no resource of the plan shows them.
func writeRestMethods(w io.Writer, rs []Resource) {
	first := true
	for _, r := range rs {
		if r.Type != "aws:apigateway/restApi:RestApi" {
			continue
		}
		v, ok := r.Inputs["body"]
		if !ok || !v.IsString() {
			continue
		}
		doc, err := openapi.Parse(v.StringValue())
		if err != nil {
			continue
		}
		if first {
			fmt.Fprintln(w, "\nREST methods (from each API's OpenAPI document)")
			first = false
		}
		fmt.Fprintf(w, "  %s\n", r.Name)
		for _, m := range doc.Methods() {
			i := m.Integration
			if i == nil {
				fmt.Fprintf(w, "    %-24s auth %s, no integration\n", m.Key(), m.Authorization)
				continue
			}
			target := ""
			if i.IntegrationTarget != "" {
				target = " target " + i.IntegrationTarget
			}
			fmt.Fprintf(w, "    %-24s auth %s, validator %s, %s %s via %s %s%s, timeout %d ms, %s\n",
				m.Key(), m.Authorization, orNone(m.ValidatorName), i.Type, i.Uri, i.ConnectionType, i.ConnectionId, target, i.TimeoutInMillis, i.ResponseTransferMode)
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
