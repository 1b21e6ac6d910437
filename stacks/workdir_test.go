package stacks

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// snapshot is every file of a directory with its content and modification time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b := []byte{}
		if !d.IsDir() {
			if b, err = os.ReadFile(path); err != nil {
				return err
			}
		}
		out[path] = info.ModTime().Format(time.RFC3339Nano) + "\n" + string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readOnly makes a directory and its files read-only for the rest of the test.
func readOnly(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		_ = os.Chmod(filepath.Join(dir, e.Name()), 0o444)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
}

// Open writes nothing into the project directory unless SaveOverrides: not the overrides, not the
// secrets passphrase's salt of a stack new to the backend. A read-only checkout works, and a second
// run decrypts the first run's secrets. A stack with no Pulumi.<stack>.yaml at all opens with
// NewStack, its file living only in the temporary copy; without NewStack it is refused, naming the
// stacks that exist.
func TestOpenNeverWritesTheProjectDir(t *testing.T) {
	ctx := context.Background()
	const secret = "read-only-secret"
	for _, stack := range []string{"dev", "brand-new", "no-file"} {
		t.Run(stack, func(t *testing.T) {
			opts := engineOptions(t, configEcho,
				Override{Key: "frontends[0].variant", Value: "rest-nlb"},
				Override{Key: "app:token", Value: secret, Secret: true},
				Override{Key: "aws:region", Value: "eu-west-1"})
			opts.Stack = stack
			opts.BackendURL = "file://" + t.TempDir() // outside the project dir
			if stack == "brand-new" {
				// A stack file with no salt yet, for a stack the backend has never seen.
				if err := os.WriteFile(filepath.Join(opts.ProjectDir, "Pulumi.brand-new.yaml"), []byte("config:\n  aws:region: eu-west-1\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			readOnly(t, opts.ProjectDir)
			before := snapshot(t, opts.ProjectDir)
			if stack == "no-file" {
				var ve *ValidationError
				if _, err := Open(ctx, opts); !errors.As(err, &ve) || !strings.Contains(err.Error(), "the stacks are: ") {
					t.Fatalf("a stack without its file and without NewStack: want a ValidationError listing the stacks, got %v", err)
				}
				opts.NewStack = true
			}
			for run := range 2 {
				s, err := Open(ctx, opts)
				if err != nil {
					t.Fatalf("run %d: %v", run, err)
				}
				res, err := s.Up(ctx)
				s.Close()
				if err != nil {
					t.Fatalf("run %d: %v", run, err)
				}
				if res.Outputs["variant"].Value != "rest-nlb" || res.Outputs["token"].Value != secret {
					t.Errorf("run %d: outputs %v", run, res.Outputs)
				}
				if _, err := os.Stat(s.WorkDir()); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("run %d: Close left the working directory %s", run, s.WorkDir())
				}
			}
			after := snapshot(t, opts.ProjectDir)
			for path, v := range after {
				if before[path] != v {
					t.Errorf("Open changed %s", path)
				}
			}
			if len(after) != len(before) {
				t.Errorf("Open added files to the project dir: %d before, %d after", len(before), len(after))
			}
		})
	}
}

// Auto() is the Automation API stack with this Stack's overrides: a raw Up sees them.
func TestAutoCarriesTheOverrides(t *testing.T) {
	ctx := context.Background()
	opts := engineOptions(t, configEcho, Override{Key: "vpclink:services.api.desiredCount", Value: "5"},
		Override{Key: "app:token", Value: "tok", Secret: true})
	s, err := Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Auto().Up(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outputs["desiredCount"].Value != float64(5) || res.Outputs["token"].Value != "tok" {
		t.Errorf("Auto().Up outputs = %v", res.Outputs)
	}
}

// A plugin that cannot be installed gives ErrPluginInstall and one line, not the CLI's output
// three times; Options.PluginDownloadURL is where Open installs from.
func TestPluginInstallFailureIsOneConciseError(t *testing.T) {
	opts := engineOptions(t, configEcho)
	opts.SkipPluginInstall = false
	opts.PluginDownloadURL = "http://127.0.0.1:9/pulumi-plugins/"
	t.Setenv("PULUMI_DEBUG_PROVIDERS", "")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	_, err := Open(ctx, opts)
	if !errors.Is(err, ErrPluginInstall) {
		t.Fatalf("want ErrPluginInstall, got %v", err)
	}
	msg := err.Error()
	if strings.Count(msg, "\n") > 0 || !strings.Contains(msg, "aws") || !strings.Contains(msg, "127.0.0.1:9") {
		t.Errorf("want one line naming the plugin and the mirror, got:\n%s", msg)
	}
}
