package stacks

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Provider plugin versions the program is built against; inline programs install them
// themselves (plugins are not discovered from go.mod for them).
const (
	AwsPluginVersion  = "v6.83.4"
	AwsxPluginVersion = "v2.22.0"
)

// Errors Open and the operations recognise, for errors.Is.
var (
	// ErrNoPulumiCLI: the Pulumi CLI is not installed where Options or PATH point.
	ErrNoPulumiCLI = errors.New("the Pulumi CLI was not found")
	// ErrNoPassphrase: the backend keeps secrets with a passphrase and none was given.
	ErrNoPassphrase = errors.New("no secrets passphrase")
	// ErrConcurrentUpdate: another update of the same stack is running.
	ErrConcurrentUpdate = errors.New("another update of this stack is in progress")
	// ErrStackNotDeployed: Options.Existing is set and the backend has no such stack.
	ErrStackNotDeployed = errors.New("the stack does not exist on the backend")
)

// Options configures Open. The zero value opens the dev stack of the project in the working
// directory, with its state in .pulumi-state next to Pulumi.yaml.
type Options struct {
	// Stack name. Defaults to "dev".
	Stack string
	// ProjectDir holds Pulumi.yaml and Pulumi.<stack>.yaml, the single source of per-environment
	// values. Defaults to the nearest directory at or above the working directory holding
	// Pulumi.yaml.
	ProjectDir string
	// BackendURL of the state backend: file://, s3://, postgres://, azblob://, gs:// or a Pulumi
	// Cloud URL, passed through as is. Defaults to $PULUMI_BACKEND_URL, then
	// file://<ProjectDir>/.pulumi-state (gitignored). A team that runs updates from more than one
	// machine needs a shared one: s3:// (or gs://, azblob://), postgres:// or Pulumi Cloud.
	BackendURL string
	// SecretsPassphrase encrypts config secrets and state with the passphrase secrets provider.
	// Defaults to $PULUMI_CONFIG_PASSPHRASE (or a file named by $PULUMI_CONFIG_PASSPHRASE_FILE).
	// Required for every backend but Pulumi Cloud.
	SecretsPassphrase string
	// Overrides apply to this Stack's operations only; Pulumi.<stack>.yaml is not changed unless
	// SaveOverrides is set.
	Overrides []Override
	// SaveOverrides writes Overrides into Pulumi.<stack>.yaml, as `pulumi config set --path` would.
	// It is the only option that writes to ProjectDir: without it the Pulumi CLI runs in a
	// temporary copy of Pulumi.yaml and Pulumi.<stack>.yaml, which receives the overrides, the
	// encryption salt of the secrets passphrase and, for a new stack, the stack file itself, and
	// is removed by Close. ProjectDir may then be read-only.
	SaveOverrides bool
	// NewStack lets Open start a stack that has no Pulumi.<stack>.yaml yet, such as an ephemeral
	// stack per pull request: its config is Pulumi.yaml's defaults plus Overrides (which must then
	// give aws:region, or AWS_REGION must be set), and the stack file is written only into the
	// temporary copy, or with SaveOverrides into ProjectDir. Defaults to false: a missing stack
	// file is a *ValidationError naming the stacks that have one, since a mistyped stack name
	// would otherwise create an empty stack on the backend.
	NewStack bool
	// Existing makes Open select a stack the backend already has and never create one: for
	// read-only work (doctor, outputs, drift) on a stack that may not be deployed. A missing stack
	// is then ErrStackNotDeployed. Defaults to false (create the stack when it is new).
	Existing bool
	// Progress receives Pulumi's own progress output. Defaults to none.
	Progress io.Writer
	// Events receives every engine event of every operation. It is never closed by vpclink, and
	// must be drained: the engine waits for it.
	Events chan<- events.EngineEvent
	// PulumiRoot is a directory holding bin/pulumi: where the Pulumi CLI is installed
	// (https://www.pulumi.com/docs/iac/download-install/; ~/.pulumi by default). Defaults to
	// $VPCLINK_PULUMI_ROOT, then the pulumi on PATH.
	PulumiRoot string
	// PulumiHome is the CLI's home (plugins, credentials). Defaults to the CLI's own default.
	PulumiHome string
	// EnvVars are added to the CLI's environment.
	EnvVars map[string]string
	// PolicyPacks run during Preview and Up: directories or, since CLI v3.255.0, executables such
	// as bin/vpclink-policy. Relative paths are relative to ProjectDir.
	PolicyPacks []string
	// SkipPluginInstall leaves the aws and awsx plugins to the caller (plugins installed ahead,
	// or providers attached with PULUMI_DEBUG_PROVIDERS, as vpclinktest.Providers do). Defaults
	// to false: Open installs both, and a failure matches ErrPluginInstall.
	SkipPluginInstall bool
	// PluginDownloadURL is a plugin mirror Open installs the aws and awsx plugins from (`pulumi
	// plugin install --server`), e.g. https://artifacts.example.com/pulumi-plugins/. Defaults to
	// the plugins' own download site. For per-plugin rules, set PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES
	// (regexp=URL pairs, comma-separated) in EnvVars; it also covers plugins the engine fetches
	// itself.
	PluginDownloadURL string
	// Program replaces vpclink's program, for tests of the embedding itself. Defaults to Program.
	Program pulumi.RunFunc
}

// Stack is an opened vpclink stack.
type Stack struct {
	// Name of the stack and Config it runs with, after overrides.
	Name   string
	Config *Config

	opts       Options
	dir        string
	workdir    string // where the CLI runs: dir with SaveOverrides, else a temporary copy
	stack      auto.Stack
	configFile string // temporary copy of Pulumi.<stack>.yaml with the overrides, or ""
	cleanup    func()
}

// Open validates the stack's config, then creates or selects the stack on the backend. Invalid
// config returns a *ValidationError before the Pulumi CLI is even looked for.
func Open(ctx context.Context, opts Options) (*Stack, error) {
	s := &Stack{opts: opts, Name: orDefault(opts.Stack, "dev"), cleanup: func() {}}
	dir, err := resolveProjectDir(opts.ProjectDir)
	if err != nil {
		return nil, err
	}
	s.dir = dir
	l, err := loadStack(dir, s.Name, opts.Overrides, opts.NewStack)
	if err != nil {
		return nil, err
	}
	s.Config = l.Config
	s.opts.PolicyPacks = absPaths(dir, opts.PolicyPacks)

	cmd, err := pulumiCommand(opts.PulumiRoot)
	if err != nil {
		return nil, err
	}
	work, removeWork, err := workdir(dir, s.Name, opts.SaveOverrides)
	if err != nil {
		return nil, err
	}
	s.workdir = work
	s.cleanup = removeWork
	backend := orDefault(opts.BackendURL, os.Getenv("PULUMI_BACKEND_URL"))
	if backend == "" {
		state := filepath.Join(dir, ".pulumi-state")
		if err := os.MkdirAll(state, 0o755); err != nil {
			return nil, fmt.Errorf("creating the local state directory: %w", err)
		}
		backend = "file://" + filepath.ToSlash(state)
	}
	env := map[string]string{
		"PULUMI_BACKEND_URL":       backend,
		"PULUMI_SKIP_UPDATE_CHECK": "true",
	}
	maps.Copy(env, opts.EnvVars)
	wsOpts := []auto.LocalWorkspaceOption{auto.Pulumi(cmd)}
	if opts.PulumiHome != "" {
		wsOpts = append(wsOpts, auto.PulumiHome(opts.PulumiHome))
	}
	passphrase, err := secretsPassphrase(opts.SecretsPassphrase)
	if err != nil {
		return nil, err
	}
	if passphrase != "" {
		env["PULUMI_CONFIG_PASSPHRASE"] = passphrase
		wsOpts = append(wsOpts, auto.SecretsProvider("passphrase"))
	} else if !isPulumiCloud(backend) {
		s.Close()
		return nil, fmt.Errorf("%w: the %s backend keeps secrets with a passphrase; set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE), or Options.SecretsPassphrase", ErrNoPassphrase, backend)
	}
	wsOpts = append(wsOpts, auto.EnvVars(env))

	program := opts.Program
	if program == nil {
		program = Program
	}
	wsOpts = append(wsOpts, auto.Program(program))
	open, doing := auto.UpsertStackLocalSource, "creating or selecting"
	if opts.Existing {
		open, doing = auto.SelectStackLocalSource, "selecting"
	}
	st, err := open(ctx, s.Name, s.workdir, wsOpts...)
	if err != nil {
		s.Close()
		if opts.Existing && auto.IsSelectStack404Error(err) {
			return nil, fmt.Errorf("%w: stack %s is not on %s; is it deployed?", ErrStackNotDeployed, s.Name, backend)
		}
		return nil, wrapAutoError(fmt.Sprintf("%s stack %s on %s", doing, s.Name, backend), err)
	}
	s.stack = st

	if !opts.SkipPluginInstall && os.Getenv("PULUMI_DEBUG_PROVIDERS") == "" && env["PULUMI_DEBUG_PROVIDERS"] == "" {
		for _, name := range []string{"aws", "awsx"} {
			version := map[string]string{"aws": AwsPluginVersion, "awsx": AwsxPluginVersion}[name]
			if opts.PluginDownloadURL != "" {
				err = st.Workspace().InstallPluginFromServer(ctx, name, version, opts.PluginDownloadURL)
			} else {
				err = st.Workspace().InstallPlugin(ctx, name, version)
			}
			if err != nil {
				s.Close()
				return nil, pluginInstallError(name, version, err)
			}
		}
	}

	if err := s.applyOverrides(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// applyOverrides writes the overrides into the working directory's stack file: the temporary
// copy every operation (and Auto) reads, or with SaveOverrides the stack file itself. Plain values are
// written structurally (so JSON lists and objects stay lists and objects, and a path into a key the
// stack file leaves to Pulumi.yaml starts from its default); secrets go through the CLI, which
// encrypts them with the stack's secrets provider.
func (s *Stack) applyOverrides(ctx context.Context) error {
	if len(s.opts.Overrides) == 0 {
		return nil
	}
	// Read the working directory's stack file: it holds what the CLI just wrote to it (a new
	// stack's salt).
	p, err := loadProjectStack(s.workdir, s.Name, true)
	if err != nil {
		return err
	}
	var plain []Override
	secrets := auto.ConfigMap{}
	for _, o := range normalizeOverrides(p.namespace(), s.opts.Overrides) {
		if o.Secret {
			secrets[o.Key] = auto.ConfigValue{Value: o.Value, Secret: true}
		} else {
			plain = append(plain, o)
		}
	}
	if err := p.apply(plain); err != nil {
		return err
	}
	target := p.stackFile
	if err := p.ps.Save(target); err != nil {
		return fmt.Errorf("writing config overrides to %s: %w", target, err)
	}
	if len(secrets) > 0 {
		o := &auto.ConfigOptions{Path: true, ConfigFile: s.configFile}
		if err := s.stack.SetAllConfigWithOptions(ctx, secrets, o); err != nil {
			return wrapAutoError("setting secret config overrides", err)
		}
	}
	return nil
}

// Close removes the temporary working directory (and with it the overrides and secrets of this
// run). The Stack must not be used afterwards.
func (s *Stack) Close() { s.cleanup() }

// Preview shows what Up would change.
func (s *Stack) Preview(ctx context.Context) (auto.PreviewResult, error) {
	var opts []optpreview.Option
	if s.opts.Progress != nil {
		opts = append(opts, optpreview.ProgressStreams(s.opts.Progress))
	}
	if s.configFile != "" {
		opts = append(opts, optpreview.ConfigFile(s.configFile))
	}
	if len(s.opts.PolicyPacks) > 0 {
		opts = append(opts, optpreview.PolicyPacks(s.opts.PolicyPacks...))
	}
	ch, wait := s.forwardEvents()
	if ch != nil {
		opts = append(opts, optpreview.EventStreams(ch))
	}
	res, err := s.stack.Preview(ctx, opts...)
	wait()
	return res, wrapAutoError("previewing stack "+s.Name, err)
}

// Up creates or updates the stack's resources.
func (s *Stack) Up(ctx context.Context) (auto.UpResult, error) {
	var opts []optup.Option
	if s.opts.Progress != nil {
		opts = append(opts, optup.ProgressStreams(s.opts.Progress))
	}
	if s.configFile != "" {
		opts = append(opts, optup.ConfigFile(s.configFile))
	}
	if len(s.opts.PolicyPacks) > 0 {
		opts = append(opts, optup.PolicyPacks(s.opts.PolicyPacks...))
	}
	res, err := (func() (auto.UpResult, error) {
		ch, wait := s.forwardEvents()
		o := opts
		if ch != nil {
			o = append(slices.Clip(opts), optup.EventStreams(ch))
		}
		defer wait()
		return s.stack.Up(ctx, o...)
	})()
	return res, wrapAutoError("updating stack "+s.Name, err)
}

// Refresh reads the actual state of the stack's resources into its state.
func (s *Stack) Refresh(ctx context.Context) (auto.RefreshResult, error) {
	return s.refresh(ctx)
}

func (s *Stack) refresh(ctx context.Context, extra ...optrefresh.Option) (auto.RefreshResult, error) {
	var opts []optrefresh.Option
	if s.opts.Progress != nil {
		opts = append(opts, optrefresh.ProgressStreams(s.opts.Progress))
	}
	if s.configFile != "" {
		opts = append(opts, optrefresh.ConfigFile(s.configFile))
	}
	opts = append(opts, extra...)
	res, err := (func() (auto.RefreshResult, error) {
		ch, wait := s.forwardEvents()
		o := opts
		if ch != nil {
			o = append(slices.Clip(opts), optrefresh.EventStreams(ch))
		}
		defer wait()
		return s.stack.Refresh(ctx, o...)
	})()
	return res, wrapAutoError("refreshing stack "+s.Name, err)
}

// Destroy deletes every resource of the stack. Protected resources make it fail.
func (s *Stack) Destroy(ctx context.Context) (auto.DestroyResult, error) {
	var opts []optdestroy.Option
	if s.opts.Progress != nil {
		opts = append(opts, optdestroy.ProgressStreams(s.opts.Progress))
	}
	if s.configFile != "" {
		opts = append(opts, optdestroy.ConfigFile(s.configFile))
	}
	// The Automation API destroys without a preview, so a stack with protected resources would
	// lose everything unprotected before the engine refuses. Previewing first refuses up front
	// and deletes nothing.
	if _, err := s.stack.PreviewDestroy(ctx, opts...); err != nil {
		return auto.DestroyResult{}, wrapAutoError("destroying stack "+s.Name+" (preview)", err)
	}
	res, err := (func() (auto.DestroyResult, error) {
		ch, wait := s.forwardEvents()
		o := opts
		if ch != nil {
			o = append(slices.Clip(opts), optdestroy.EventStreams(ch))
		}
		defer wait()
		return s.stack.Destroy(ctx, o...)
	})()
	return res, wrapAutoError("destroying stack "+s.Name, err)
}

// Outputs returns the stack's outputs.
func (s *Stack) Outputs(ctx context.Context) (auto.OutputMap, error) {
	out, err := s.stack.Outputs(ctx)
	return out, wrapAutoError("reading the outputs of stack "+s.Name, err)
}

// ProjectDir is the directory of the stack's Pulumi.yaml and stack files.
func (s *Stack) ProjectDir() string { return s.dir }

// Overrides are the config overrides the stack was opened with (Options.Overrides).
func (s *Stack) Overrides() []Override { return slices.Clone(s.opts.Overrides) }

// Auto returns the underlying Automation API stack, for what this package does not wrap. It
// carries this Stack's overrides and secrets: its workspace runs in the working directory whose
// Pulumi.<stack>.yaml holds them (see Options.SaveOverrides), so s.Auto().Preview(ctx) sees the
// same config as s.Preview(ctx). Config it sets (Workspace().SetConfig) goes to that file too,
// and is gone after Close unless SaveOverrides is set.
func (s *Stack) Auto() *auto.Stack { return &s.stack }

// WorkDir is the directory the Pulumi CLI runs in: ProjectDir with SaveOverrides, otherwise the
// temporary copy Close removes.
func (s *Stack) WorkDir() string { return s.workdir }

// forwardEvents gives one operation its own event channel (the Automation API closes it at the
// end of the operation) and copies its events to Options.Events, which stays open.
func (s *Stack) forwardEvents() (chan events.EngineEvent, func()) {
	if s.opts.Events == nil {
		return nil, func() {}
	}
	ch := make(chan events.EngineEvent)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for e := range ch {
			s.opts.Events <- e
		}
	}()
	return ch, func() { <-done }
}

func pulumiCommand(root string) (auto.PulumiCommand, error) {
	root = orDefault(root, os.Getenv("VPCLINK_PULUMI_ROOT"))
	if root == "" {
		if _, err := exec.LookPath("pulumi"); err != nil {
			return nil, fmt.Errorf("%w on PATH: install it (https://www.pulumi.com/docs/iac/download-install/) and put it on PATH, or set Options.PulumiRoot or VPCLINK_PULUMI_ROOT to the directory holding bin/pulumi (in the vpclink repository, scripts/install-pulumi.sh builds one)", ErrNoPulumiCLI)
		}
	} else if _, err := os.Stat(filepath.Join(root, "bin", "pulumi")); err != nil {
		return nil, fmt.Errorf("%w in %s/bin: point Options.PulumiRoot or VPCLINK_PULUMI_ROOT at the directory holding bin/pulumi, or install the CLI (https://www.pulumi.com/docs/iac/download-install/)", ErrNoPulumiCLI, root)
	}
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: root})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoPulumiCLI, err)
	}
	return cmd, nil
}

func secretsPassphrase(explicit string) (string, error) {
	if explicit != "" {
		return explicit, nil
	}
	if p := os.Getenv("PULUMI_CONFIG_PASSPHRASE"); p != "" {
		return p, nil
	}
	if f := os.Getenv("PULUMI_CONFIG_PASSPHRASE_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", fmt.Errorf("reading PULUMI_CONFIG_PASSPHRASE_FILE: %w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	return "", nil
}

func isPulumiCloud(backend string) bool {
	return strings.HasPrefix(backend, "https://") || strings.HasPrefix(backend, "http://")
}

// wrapAutoError says what was being done and recognises the errors users can act on.
func wrapAutoError(doing string, err error) error {
	if err == nil {
		return nil
	}
	switch {
	case auto.IsConcurrentUpdateError(err) || isLockedError(err):
		return &LockedError{Doing: doing, Locks: parseLocks(err.Error()), Err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s: cancelled: %w", doing, err)
	case strings.Contains(err.Error(), "passphrase must be set") || strings.Contains(err.Error(), "incorrect passphrase"):
		return fmt.Errorf("%s: %w or the wrong one: %v", doing, ErrNoPassphrase, err)
	}
	return fmt.Errorf("%s: %w", doing, err)
}
