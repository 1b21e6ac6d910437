package stacks

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumicfg "github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/vpclink/vpclink/internal/testenv"
)

// engineOptions are Options for a test stack on a fresh file backend, running program instead of
// vpclink's (the real one needs the aws and awsx plugins; the lifecycle tests attach fakes).
func engineOptions(t *testing.T, program pulumi.RunFunc, overrides ...Override) Options {
	return Options{
		ProjectDir: testenv.CopyProject(t), BackendURL: "file://" + t.TempDir(), SecretsPassphrase: "correct horse",
		PulumiRoot: testenv.PulumiRoot(t), PulumiHome: t.TempDir(), SkipPluginInstall: true,
		Overrides: overrides, Program: program,
	}
}

// configEcho exports what the program saw of the config, the way vpclink's program reads it.
func configEcho(ctx *pulumi.Context) error {
	cfg, err := LoadConfig(ctx)
	if err != nil {
		return err
	}
	ctx.Export("variant", pulumi.String(string(cfg.Frontends[0].Variant)))
	ctx.Export("desiredCount", pulumi.Int(*cfg.Services[0].DesiredCount))
	if _, ok := ctx.GetConfig("app:token"); ok {
		ctx.Export("token", pulumicfg.RequireSecret(ctx, "app:token"))
	}
	return nil
}

func TestOverridesReachTheProgramAndStayOutOfTheStackFile(t *testing.T) {
	ctx := context.Background()
	opts := engineOptions(t, configEcho,
		Override{Key: "vpclink:frontends[0].variant", Value: "private-rest"},
		Override{Key: "vpclink:services.api.desiredCount", Value: "4"})
	stackFile := filepath.Join(opts.ProjectDir, "Pulumi.dev.yaml")
	s, err := Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Up(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outputs["variant"].Value != "private-rest" || res.Outputs["desiredCount"].Value != float64(4) {
		t.Errorf("outputs = %v", res.Outputs)
	}
	b, _ := os.ReadFile(stackFile)
	if strings.Contains(string(b), "private-rest") || strings.Contains(string(b), "desiredCount") {
		t.Errorf("overrides were written into Pulumi.dev.yaml:\n%s", b)
	}
	// A later run without overrides sees the stack file's values again.
	opts.Overrides = nil
	s2, err := Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err = s2.Up(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outputs["variant"].Value != "http-alb" {
		t.Errorf("without overrides variant = %v", res.Outputs["variant"].Value)
	}
}

func TestSaveOverridesWritesTheStackFile(t *testing.T) {
	ctx := context.Background()
	opts := engineOptions(t, configEcho, Override{Key: "vpclink:frontends[0].variant", Value: "rest-nlb"})
	opts.SaveOverrides = true
	s, err := Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b, _ := os.ReadFile(filepath.Join(opts.ProjectDir, "Pulumi.dev.yaml"))
	if !strings.Contains(string(b), "rest-nlb") {
		t.Errorf("SaveOverrides did not write the override:\n%s", b)
	}
	cfg, _, err := LoadStackConfig(ctx, opts.ProjectDir, "dev", nil)
	if err != nil || cfg.Frontends[0].Variant != RestNlb {
		t.Errorf("saved stack file reads back as %v, %v", cfg, err)
	}
}

func TestSecretOverridesStayEncrypted(t *testing.T) {
	ctx := context.Background()
	const secret = "s3cr3t-token-value"
	opts := engineOptions(t, configEcho, Override{Key: "app:token", Value: secret, Secret: true})
	s, err := Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Up(ctx); err != nil {
		t.Fatal(err)
	}
	out, err := s.Outputs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !out["token"].Secret || out["token"].Value != secret {
		t.Errorf("token output = %+v, want the secret value marked secret", out["token"])
	}
	// Read the state as the backend stores it (the Automation API's Export decrypts).
	states, _ := filepath.Glob(filepath.Join(strings.TrimPrefix(opts.BackendURL, "file://"), ".pulumi", "stacks", "*", "dev.json"))
	if len(states) != 1 {
		t.Fatalf("state files: %v", states)
	}
	state, err := os.ReadFile(states[0])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(state), secret) {
		t.Error("the secret is in plain text in the stack's state")
	}
	if !strings.Contains(string(state), "ciphertext") {
		t.Error("the state holds no ciphertext")
	}
	b, _ := os.ReadFile(filepath.Join(s.WorkDir(), "Pulumi.dev.yaml"))
	if strings.Contains(string(b), secret) || !strings.Contains(string(b), "secure:") {
		t.Errorf("the run's config file holds the secret in plain text:\n%s", b)
	}
}

// vpclink's own values would land in plain text in AWS; a secret there is refused, not leaked.
func TestSecretVpclinkValuesAreRefused(t *testing.T) {
	opts := engineOptions(t, configEcho, Override{Key: "vpclink:services.api.environment.API_TOKEN", Value: "x", Secret: true})
	_, err := Open(context.Background(), opts)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Problems[0].Key != "vpclink:services" || !strings.Contains(err.Error(), "Secrets Manager ARNs") {
		t.Fatalf("got %v", err)
	}
}

func TestInvalidOverridesFailBeforeTheEngine(t *testing.T) {
	opts := Options{
		ProjectDir: testenv.CopyProject(t), Overrides: []Override{{Key: "vpclink:frontends[0].timeoutMs", Value: "60000"}},
		// Nothing is installed here: reaching for the CLI would fail differently.
		PulumiRoot: filepath.Join(t.TempDir(), "no-cli"),
	}
	_, err := Open(context.Background(), opts)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Problems[0].Key != "vpclink:frontends[0].timeoutMs" {
		t.Fatalf("want a validation error naming the key, got %v", err)
	}
}

// The error speaks to an embedder, who has the Pulumi CLI's install page, not vpclink's scripts.
func TestMissingCLIIsExplained(t *testing.T) {
	_, err := Open(context.Background(), Options{ProjectDir: testenv.CopyProject(t), PulumiRoot: filepath.Join(t.TempDir(), "no-cli")})
	if !errors.Is(err, ErrNoPulumiCLI) || !strings.Contains(err.Error(), "download-install") || strings.Contains(err.Error(), "scripts/install-pulumi.sh") {
		t.Fatalf("got %v", err)
	}
	t.Setenv("VPCLINK_PULUMI_ROOT", "")
	t.Setenv("PATH", t.TempDir())
	_, err = Open(context.Background(), Options{ProjectDir: testenv.CopyProject(t)})
	if !errors.Is(err, ErrNoPulumiCLI) || !strings.Contains(err.Error(), "download-install") || !strings.Contains(err.Error(), "Options.PulumiRoot") {
		t.Fatalf("no CLI on PATH: got %v", err)
	}
}

func TestMissingPassphraseIsExplained(t *testing.T) {
	t.Setenv("PULUMI_CONFIG_PASSPHRASE", "")
	t.Setenv("PULUMI_CONFIG_PASSPHRASE_FILE", "")
	opts := engineOptions(t, configEcho)
	opts.SecretsPassphrase = ""
	_, err := Open(context.Background(), opts)
	if !errors.Is(err, ErrNoPassphrase) || !strings.Contains(err.Error(), "PULUMI_CONFIG_PASSPHRASE") {
		t.Fatalf("got %v", err)
	}
}

// blockingProgram signals that it runs, then waits, standing in for a long `pulumi up`.
func blockingProgram(started chan<- struct{}, hold time.Duration) pulumi.RunFunc {
	var once sync.Once
	return func(ctx *pulumi.Context) error {
		once.Do(func() { close(started) })
		select {
		case <-time.After(hold):
		case <-ctx.Context().Done():
		}
		return nil
	}
}

func TestCancellationStopsTheUpdateCleanly(t *testing.T) {
	started := make(chan struct{})
	opts := engineOptions(t, blockingProgram(started, 20*time.Second))
	s, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	begin := time.Now()
	_, err = s.Up(ctx)
	if err == nil {
		t.Fatal("a cancelled update succeeded")
	}
	if took := time.Since(begin); took > 15*time.Second {
		t.Errorf("cancellation took %s", took)
	}
	// Cancelled cleanly: the stack is not left locked, the next operation runs.
	opts.Program = configEcho
	s2, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Preview(context.Background()); err != nil {
		t.Fatalf("preview after a cancelled update: %v", err)
	}
}

func TestConcurrentUpdateIsRecognised(t *testing.T) {
	started := make(chan struct{})
	opts := engineOptions(t, blockingProgram(started, 10*time.Second))
	s, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	done := make(chan error)
	go func() { _, err := s.Up(context.Background()); done <- err }()
	<-started
	_, err = s.Up(context.Background())
	if !errors.Is(err, ErrConcurrentUpdate) {
		t.Errorf("second update: want ErrConcurrentUpdate, got %v", err)
	}
	if err := <-done; err != nil {
		t.Errorf("first update: %v", err)
	}
}

func TestEventsAndProgressAreStreamed(t *testing.T) {
	ch := make(chan events.EngineEvent)
	var mu sync.Mutex
	var kinds []string
	go func() {
		for e := range ch {
			mu.Lock()
			switch {
			case e.SummaryEvent != nil:
				kinds = append(kinds, "summary")
			case e.ResourcePreEvent != nil:
				kinds = append(kinds, "pre")
			}
			mu.Unlock()
		}
	}()
	var progress strings.Builder
	opts := engineOptions(t, configEcho)
	opts.Events = ch
	opts.Progress = &progress
	s, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for range 2 { // the same channel serves every operation
		if _, err := s.Preview(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	close(ch)
	mu.Lock()
	defer mu.Unlock()
	if strings.Count(strings.Join(kinds, ","), "summary") != 2 {
		t.Errorf("events = %v, want a summary per preview", kinds)
	}
	if !strings.Contains(progress.String(), "Previewing update (dev)") {
		t.Errorf("progress output: %q", progress.String())
	}
}

// Existing selects and never creates: a doctor run against a stack that was never deployed says so
// and leaves the backend as it was; once the stack exists it opens.
func TestOpenExistingNeverCreatesAStack(t *testing.T) {
	ctx := context.Background()
	opts := engineOptions(t, configEcho)
	opts.Existing = true
	backend := strings.TrimPrefix(opts.BackendURL, "file://")
	for range 2 {
		_, err := Open(ctx, opts)
		if !errors.Is(err, ErrStackNotDeployed) || !strings.Contains(err.Error(), "is it deployed?") {
			t.Fatalf("want ErrStackNotDeployed, got %v", err)
		}
	}
	if stacks, _ := filepath.Glob(filepath.Join(backend, ".pulumi", "stacks", "*", "*")); len(stacks) != 0 {
		t.Errorf("Open with Existing left stacks on the backend: %v", stacks)
	}
	opts.Existing = false
	s, err := Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Up(ctx); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if stacks, _ := filepath.Glob(filepath.Join(backend, ".pulumi", "stacks", "*", "*")); len(stacks) == 0 {
		t.Errorf("no stack file under %s after Up: the check above looks in the wrong place", backend)
	}
	opts.Existing = true
	s, err = Open(ctx, opts)
	if err != nil {
		t.Fatalf("Existing on a deployed stack: %v", err)
	}
	s.Close()
}
