// Command vpclink plans, previews, deploys and inspects vpclink stacks.
//
//	vpclink plan     [--stack dev] [--config KEY=VALUE ...] [--json]   offline: no credentials, no engine
//	vpclink plan     --against BASE [--format text|markdown] [--json]    how the plan differs from BASE
//	vpclink preview  [--stack dev] [--config KEY=VALUE ...]                     also says when AWS drifted from the state
//	vpclink up       [--stack dev] [--config KEY=VALUE ...] [--yes] [--recover]
//	vpclink refresh  [--stack dev] [--config KEY=VALUE ...] [--yes]
//	vpclink destroy  [--stack dev] [--config KEY=VALUE ...] [--yes]
//	vpclink outputs  [--stack dev] [--json]
//	vpclink doctor   [--stack dev] [--json]                            what is wrong with a deployed stack
//
// Every engine command takes --backend URL (default $PULUMI_BACKEND_URL, then
// file://<project>/.pulumi-state).
//
// Exit codes: 0 success; 1 an operation failed; 2 invalid config or usage; 3 the plan has mandatory
// policy findings; 4 doctor found warnings only; 130 cancelled (Ctrl-C).
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
	"strings"
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

// cli is what a run of the command gets from its caller beyond flags: nothing for the real
// command; tests attach fake providers and their lookup.
type cli struct {
	// configure adjusts the options of every stack the run opens.
	configure func(*stacks.Options)
	// find resolves pending creates during --recover.
	find stacks.Finder
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return (&cli{}).run(ctx, args, stdin, stdout, stderr)
}

const usage = `vpclink puts private AWS backends behind API Gateway VPC links.

Usage:
  vpclink plan     [flags]   what the stack creates, its data path, monthly cost and policy findings (offline)
  vpclink preview  [flags]   pulumi preview of the stack
  vpclink up       [flags]   create or update the stack (--yes outside a terminal)
  vpclink refresh  [flags]   read the real state of the stack's resources
  vpclink destroy  [flags]   delete the stack's resources (--yes outside a terminal)
  vpclink outputs  [flags]   the stack's outputs
  vpclink doctor   [flags]   what is wrong with the deployed stack, and what to do (vpclink doctor --help)

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
  --backend URL           state backend: file://DIR, s3://BUCKET?region=R, postgres://USER:PASS@HOST/DB
                          or https://api.pulumi.com (default $PULUMI_BACKEND_URL, then
                          file://<project>/.pulumi-state)
  --recover               up: after a killed run, clear its stale lock, resolve the creates it left
                          in flight and refresh, then update
  --import URN=ID         with --recover: the id of a pending create's resource found in AWS
  --clear-pending         with --recover: drop the pending creates not resolved (they made nothing)
  --force                 with --recover: also clear a lock whose process may still run

Exit codes: 0 ok, 1 failed, 2 invalid config or usage, 3 mandatory policy findings,
4 doctor warnings only, 130 cancelled; with plan --against, 3 means new mandatory findings.
`

type options struct {
	stack, cwd, backend string
	overrides           []stacks.Override
	json, yes           bool
	packs               []string

	recover, clearPending, force bool
	imports                      map[string]string

	against, format string
}

func (c *cli) run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return exitInvalid
		}
		return exitOK
	}
	cmd := args[0]
	if cmd == "doctor" {
		return doctorMain(ctx, args[1:], stdout, stderr)
	}
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
	fs.BoolVar(&o.recover, "recover", false, "")
	fs.BoolVar(&o.clearPending, "clear-pending", false, "")
	fs.BoolVar(&o.force, "force", false, "")
	o.imports = map[string]string{}
	fs.Func("import", "", func(s string) error {
		urn, id, ok := strings.Cut(s, "=")
		if !ok || !strings.HasPrefix(urn, "urn:pulumi:") || id == "" {
			return fmt.Errorf("--import %q: want URN=ID, a pending create's URN and the id of its resource in AWS", s)
		}
		o.imports[urn] = id
		return nil
	})
	if err := fs.Parse(args[1:]); err != nil {
		return exitInvalid
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "vpclink %s: unexpected argument %q\n", cmd, fs.Arg(0))
		return exitInvalid
	}
	if (o.recover || o.clearPending || o.force || len(o.imports) > 0) && cmd != "up" {
		fmt.Fprintf(stderr, "vpclink %s: --recover, --import, --clear-pending and --force are for vpclink up\n", cmd)
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
		code, err = c.engine(ctx, cmd, o, stdin, stdout, stderr)
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
	p, err := vpcplan.Run(ctx, vpcplan.Options{ProjectDir: o.cwd, Stack: o.stack, Overrides: o.overrides})
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
func planAgainst(ctx context.Context, o options, p *vpcplan.Plan, stdout io.Writer) (int, error) {
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

func (c *cli) engine(ctx context.Context, cmd string, o options, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
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
	if c.configure != nil {
		c.configure(&opts)
	}
	s, err := stacks.Open(ctx, opts)
	if err != nil {
		return exitFailed, err
	}
	defer s.Close()
	switch cmd {
	case "preview":
		if _, err = s.Preview(ctx); err == nil {
			err = reportDrift(ctx, s, stdout)
		}
	case "up":
		if o.recover {
			if err := c.recover(ctx, s, o, stdout); err != nil {
				return exitFailed, err
			}
		}
		if _, err = s.Up(ctx); errors.Is(err, stacks.ErrConcurrentUpdate) {
			err = explainLock(ctx, s, err)
		}
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

// recover clears what a killed run left behind (vpclink up --recover) and says what it did.
func (c *cli) recover(ctx context.Context, s *stacks.Stack, o options, stdout io.Writer) error {
	r, err := s.Recover(ctx, stacks.RecoverOptions{Find: c.find, Imports: o.imports, ClearUnfound: o.clearPending, Force: o.force})
	if r != nil {
		var b strings.Builder
		r.WriteText(&b)
		if b.Len() == 0 {
			b.WriteString("nothing to recover: no lock and no pending operations\n")
		}
		fmt.Fprintf(stdout, "recovering stack %s:\n%s", s.Name, b.String())
	}
	return err
}

// explainLock adds to a lock error the operations the state records as unfinished: a stale lock
// usually comes with the creates that were in flight when its run was killed.
func explainLock(ctx context.Context, s *stacks.Stack, err error) error {
	// While the holder runs, its operations in flight are pending by design.
	var locked *stacks.LockedError
	if !errors.As(err, &locked) || !locked.Stale() {
		return err
	}
	pending, perr := s.Pending(ctx)
	if perr != nil || len(pending) == 0 {
		return err
	}
	var b strings.Builder
	for _, p := range pending {
		fmt.Fprintf(&b, "\n  %s", p)
	}
	return fmt.Errorf("%w\nthe state records %d operation(s) a run started and never finished (their resources may exist in AWS without the state knowing them; --recover looks them up):%s", err, len(pending), b.String())
}

// reportDrift tells the user when the cloud no longer matches the state: a preview compares the
// program with the state only, so it would otherwise show nothing to do for a resource deleted in
// the console.
func reportDrift(ctx context.Context, s *stacks.Stack, stdout io.Writer) error {
	drifted, err := s.Drift(ctx)
	if err != nil {
		return err
	}
	if len(drifted) == 0 {
		return nil
	}
	fmt.Fprintf(stdout, "\nstack %s has drifted: %d resource(s) differ from what the state records:\n", s.Name, len(drifted))
	for _, d := range drifted {
		fmt.Fprintf(stdout, "  %s\n", d)
	}
	fmt.Fprintf(stdout, "run `vpclink refresh --stack %s` to read them into the state; the next `vpclink up` then restores them\n", s.Name)
	return nil
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
