// Command vpclink plans, previews, deploys and inspects vpclink stacks.
//
//	vpclink plan     [--stack dev] [--config KEY=VALUE ...] [--json]   offline: no credentials, no engine
//	vpclink plan     --against BASE [--format text|markdown] [--json]    how the plan differs from BASE
//	vpclink preview  [--stack dev] [--config KEY=VALUE ...]
//	vpclink up       [--stack dev] [--config KEY=VALUE ...] [--yes]
//	vpclink refresh  [--stack dev] [--config KEY=VALUE ...] [--yes]
//	vpclink destroy  [--stack dev] [--config KEY=VALUE ...] [--yes]
//	vpclink outputs  [--stack dev] [--json]
//
// Exit codes: 0 success; 1 an operation failed; 2 invalid config or usage; 3 the plan has mandatory
// policy findings; 130 cancelled (Ctrl-C).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	vpcplan "github.com/vpclink/vpclink/plan"
	"github.com/vpclink/vpclink/stacks"
)

// Exit codes scripts can rely on.
const (
	exitOK        = 0
	exitFailed    = 1
	exitInvalid   = 2
	exitFindings  = 3
	exitCancelled = 130
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `vpclink puts private AWS backends behind API Gateway VPC links.

Usage:
  vpclink plan     [flags]   what the stack creates, its data path, monthly cost and policy findings (offline)
  vpclink preview  [flags]   pulumi preview of the stack
  vpclink up       [flags]   create or update the stack (--yes outside a terminal)
  vpclink refresh  [flags]   read the real state of the stack's resources
  vpclink destroy  [flags]   delete the stack's resources (--yes outside a terminal)
  vpclink outputs  [flags]   the stack's outputs

Flags:
  --stack NAME            stack to use (default dev)
  --config KEY=VALUE      override a config value for this run, pulumi config set --path syntax
                          (repeatable; VALUE is JSON when it parses as JSON)
  --secret KEY=VALUE      like --config, for a secret (encrypted in config and state)
  --json                  machine-readable output (plan, outputs)
  --against BASE          plan: compare with BASE, a plan JSON (vpclink plan --json) or a git ref
                          (planned at that commit in a temporary worktree): resources added,
                          removed, changed and replaced, cost, findings and outputs
  --format text|markdown  plan --against: text (default) or markdown for a pull-request comment
  --yes                   do not ask before up, refresh or destroy
  --cwd DIR               project directory (default: the nearest one holding Pulumi.yaml)
  --policy-pack PATH      run a policy pack during preview and up (e.g. bin/vpclink-policy)
  --backend URL           state backend of preview, up, refresh, destroy, outputs (default
                          $PULUMI_BACKEND_URL, else file://<project>/.pulumi-state)

Exit codes: 0 ok, 1 failed, 2 invalid config or usage, 3 mandatory policy findings (with --against:
new ones), 130 cancelled.
`

type options struct {
	stack, cwd string
	overrides  []stacks.Override
	json, yes  bool
	packs      []string
	against    string
	format     string
	backend    string
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return exitInvalid
		}
		return exitOK
	}
	cmd := args[0]
	fs := flag.NewFlagSet("vpclink "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	var o options
	fs.StringVar(&o.stack, "stack", "dev", "")
	fs.StringVar(&o.cwd, "cwd", "", "")
	fs.BoolVar(&o.json, "json", false, "")
	fs.BoolVar(&o.yes, "yes", false, "")
	fs.Func("config", "", overrideFlag(&o.overrides, false))
	fs.Func("secret", "", overrideFlag(&o.overrides, true))
	fs.StringVar(&o.against, "against", "", "")
	fs.StringVar(&o.backend, "backend", os.Getenv("PULUMI_BACKEND_URL"), "")
	fs.StringVar(&o.format, "format", "text", "")
	fs.Func("policy-pack", "", func(s string) error { o.packs = append(o.packs, s); return nil })
	if err := fs.Parse(args[1:]); err != nil {
		return exitInvalid
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "vpclink %s: unexpected argument %q\n", cmd, fs.Arg(0))
		return exitInvalid
	}

	if o.format != "text" && o.format != "markdown" {
		fmt.Fprintf(stderr, "vpclink %s: --format %q is not one of text, markdown\n", cmd, o.format)
		return exitInvalid
	}
	if (o.against != "" || o.format != "text") && cmd != "plan" || o.format != "text" && o.against == "" {
		fmt.Fprintf(stderr, "vpclink %s: --against and --format are for vpclink plan --against\n", cmd)
		return exitInvalid
	}

	var err error
	code := exitOK
	switch cmd {
	case "plan":
		code, err = plan(ctx, o, stdout)
	case "preview", "up", "refresh", "destroy", "outputs":
		code, err = engine(ctx, cmd, o, stdin, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "vpclink: unknown command %q\n\n%s", cmd, usage)
		return exitInvalid
	}
	if err == nil {
		return code
	}
	var ve *stacks.ValidationError
	switch {
	case errors.As(err, &ve):
		fmt.Fprintf(stderr, "vpclink %s: stack %s has invalid config:\n", cmd, o.stack)
		for _, p := range ve.Problems {
			fmt.Fprintf(stderr, "  %s\n", p)
		}
		return exitInvalid
	case ctx.Err() != nil:
		fmt.Fprintf(stderr, "vpclink %s: cancelled: %v\n", cmd, err)
		return exitCancelled
	default:
		fmt.Fprintf(stderr, "vpclink %s: %v\n", cmd, err)
		if code == exitOK {
			code = exitFailed
		}
		return code
	}
}

func overrideFlag(dst *[]stacks.Override, secret bool) func(string) error {
	return func(s string) error {
		o, err := stacks.ParseOverride(s)
		if err != nil {
			return err
		}
		o.Secret = secret
		*dst = append(*dst, o)
		return nil
	}
}

func plan(ctx context.Context, o options, stdout io.Writer) (int, error) {
	p, err := stacks.RunPlan(ctx, stacks.PlanOptions{ProjectDir: o.cwd, Stack: o.stack, Overrides: o.overrides})
	if err != nil {
		return exitFailed, err
	}
	if o.against != "" {
		return planAgainst(ctx, o, p, stdout)
	}
	if o.json {
		b, err := p.JSON()
		if err != nil {
			return exitFailed, err
		}
		fmt.Fprintln(stdout, string(b))
	} else {
		p.WriteText(stdout)
	}
	if p.Mandatory() > 0 {
		return exitFindings, nil
	}
	return exitOK, nil
}

// planAgainst prints how the plan p differs from the base --against names. It exits 3 when a new
// mandatory finding appears.
func planAgainst(ctx context.Context, o options, p *stacks.Plan, stdout io.Writer) (int, error) {
	base, err := basePlan(ctx, o.against, o.cwd, p.Stack)
	if err != nil {
		return exitInvalid, err
	}
	head := p.Document()
	d := vpcplan.Compare(base, &head, o.against, "this checkout")
	switch {
	case o.json:
		b, err := d.JSON()
		if err != nil {
			return exitFailed, err
		}
		fmt.Fprintln(stdout, string(b))
	case o.format == "markdown":
		fmt.Fprint(stdout, d.Markdown())
	default:
		d.WriteText(stdout)
	}
	if d.NewMandatory() > 0 {
		return exitFindings, nil
	}
	return exitOK, nil
}

func engine(ctx context.Context, cmd string, o options, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	if (cmd == "up" || cmd == "destroy" || cmd == "refresh") && !o.yes {
		if !isTerminal(stdin) {
			return exitInvalid, fmt.Errorf("refusing to %s stack %s without --yes outside a terminal", cmd, o.stack)
		}
		fmt.Fprintf(stdout, "%s stack %s? Type yes to continue: ", cmd, o.stack)
		var answer string
		fmt.Fscanln(stdin, &answer)
		if answer != "yes" {
			return exitFailed, fmt.Errorf("not confirmed")
		}
	}
	opts := stacks.Options{Stack: o.stack, ProjectDir: o.cwd, Overrides: o.overrides, PolicyPacks: o.packs, BackendURL: o.backend}
	if !(cmd == "outputs" && o.json) {
		opts.Progress = stdout
	}
	s, err := stacks.Open(ctx, opts)
	if err != nil {
		return exitFailed, err
	}
	defer s.Close()
	switch cmd {
	case "preview":
		_, err = s.Preview(ctx)
	case "up":
		_, err = s.Up(ctx)
	case "refresh":
		_, err = s.Refresh(ctx)
	case "destroy":
		_, err = s.Destroy(ctx)
	case "outputs":
		out, oerr := s.Outputs(ctx)
		if oerr != nil {
			return exitFailed, oerr
		}
		plain := map[string]any{}
		for k, v := range out {
			if v.Secret {
				plain[k] = "[secret]"
			} else {
				plain[k] = v.Value
			}
		}
		if o.json {
			b, _ := json.MarshalIndent(plain, "", "  ")
			fmt.Fprintln(stdout, string(b))
		} else {
			for _, k := range sortedKeys(plain) {
				b, _ := json.Marshal(plain[k])
				fmt.Fprintf(stdout, "%-22s %s\n", k, b)
			}
		}
	}
	if err != nil {
		return exitFailed, err
	}
	return exitOK, nil
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
