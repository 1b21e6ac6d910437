package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vpclink/vpclink/internal/testenv"
)

// secretValue is a secret every lifecycle run carries (aws:secretKey, a config secret outside
// vpclink's namespace, which the aws provider's state keeps): the stored state must hold it only
// as ciphertext.
const secretValue = "s3cr3t-never-in-plain-text-7f1d"

// The dev stack's lifecycle through `vpclink --backend URL` on each kind of backend a team can
// share, with the real Pulumi CLI and engine: up, a no-op preview, an in-place update, destroy.
// Then the stored state itself, read from the directory, the PostgreSQL table and the S3 bucket
// without the CLI: the history of every operation is kept and the secret is ciphertext.
func TestBackendLifecycle(t *testing.T) {
	type stored struct {
		// checkpoint is the stack's current state; history the keys of the update history.
		checkpoint func(t *testing.T) []byte
		history    func(t *testing.T) []string
	}
	backends := []struct {
		name  string
		setup func(t *testing.T) (url string, env map[string]string, s stored)
	}{
		{"file", func(t *testing.T) (string, map[string]string, stored) {
			dir := t.TempDir()
			return "file://" + dir, nil, stored{
				checkpoint: func(t *testing.T) []byte {
					b, err := os.ReadFile(filepath.Join(dir, ".pulumi", "stacks", "vpclink", "dev.json"))
					if err != nil {
						t.Fatal(err)
					}
					return b
				},
				history: func(t *testing.T) []string {
					m, _ := filepath.Glob(filepath.Join(dir, ".pulumi", "history", "vpclink", "dev", "*.history.json"))
					return m
				},
			}
		}},
		{"postgres", func(t *testing.T) (string, map[string]string, stored) {
			pg := testenv.StartPostgres(t)
			return pg.URL, nil, stored{
				checkpoint: func(t *testing.T) []byte {
					// A row per object, keyed by the URL's path (the database) and the object's
					// path, the object base64-encoded in a JSON document (pkg/backend/diy/postgres).
					out, err := pg.SQL("pulumi", "SELECT convert_from(decode(data->>'data', 'base64'), 'UTF8') FROM pulumi_state WHERE key = 'pulumi/.pulumi/stacks/vpclink/dev.json'")
					if err != nil || out == "" {
						keys, kerr := pg.SQL("pulumi", "SELECT key FROM pulumi_state ORDER BY key")
						t.Fatalf("no checkpoint row (%v); the table holds (%v):\n%s", err, kerr, keys)
					}
					return []byte(out)
				},
				history: func(t *testing.T) []string {
					out, err := pg.SQL("pulumi", "SELECT key FROM pulumi_state WHERE key LIKE 'pulumi/.pulumi/history/vpclink/dev/%.history.json' ORDER BY key")
					if err != nil {
						t.Fatal(err)
					}
					return strings.Fields(out)
				},
			}
		}},
		{"s3", func(t *testing.T) (string, map[string]string, stored) {
			s3 := testenv.StartS3(t)
			return s3.URL, s3.Env, stored{
				checkpoint: func(t *testing.T) []byte { return s3.Object(t, ".pulumi/stacks/vpclink/dev.json") },
				history: func(t *testing.T) []string {
					var out []string
					for _, k := range s3.Keys(t, ".pulumi/history/vpclink/dev/") {
						if strings.HasSuffix(k, ".history.json") {
							out = append(out, k)
						}
					}
					return out
				},
			}
		}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			url, env, st := b.setup(t)
			d := newDeployment(t, "dev", url, env)
			d.args = []string{"--secret", "aws:secretKey=" + secretValue}
			start := time.Now()

			if out := d.must("up", "--yes"); !strings.Contains(out, "created") {
				t.Fatalf("up created nothing:\n%s", out)
			}
			created := len(d.srv.Live())
			if out := d.must("preview"); strings.Contains(out, "to create") || strings.Contains(out, "to update") || strings.Contains(out, "to replace") || strings.Contains(out, "has drifted") {
				t.Errorf("the preview after up is not a no-op:\n%s", out)
			}
			out := d.must("up", "--yes", "--config", "vpclink:tags.team=payments")
			if !strings.Contains(out, "updated") || strings.Contains(out, "replaced") {
				t.Errorf("a tag change is not an in-place update:\n%s", out)
			}
			if n := countOps(d.srv.Ops(), "Update"); n == 0 {
				t.Error("the tag change updated nothing in the cloud")
			}
			if dups := duplicates(d.srv.Ops()); len(dups) > 0 || len(d.srv.Live()) != created {
				t.Errorf("the update changed the resource count (%d -> %d) or duplicated %v", created, len(d.srv.Live()), dups)
			}
			d.checkStateIsCloud("after the update")

			// The stored state, read without the CLI: the secret is ciphertext, and the update
			// is in it.
			raw := st.checkpoint(t)
			var checkpoint struct {
				Checkpoint struct {
					Latest struct {
						Resources []struct {
							Type   string         `json:"type"`
							Inputs map[string]any `json:"inputs"`
						} `json:"resources"`
					} `json:"latest"`
				} `json:"checkpoint"`
			}
			if err := json.Unmarshal(raw, &checkpoint); err != nil {
				t.Fatalf("the stored checkpoint is not JSON: %v\n%.300s", err, raw)
			}
			if strings.Contains(string(raw), secretValue) {
				t.Error("the secret is stored in plain text")
			}
			encrypted := false
			for _, r := range checkpoint.Checkpoint.Latest.Resources {
				if r.Type == "pulumi:providers:aws" {
					v, _ := r.Inputs["secretKey"].(map[string]any)
					c, _ := v["ciphertext"].(string)
					encrypted = v["4dabf18193072939515e22adb298388d"] == "1b47061264138c4ac30d75fd1eb44270" && c != ""
				}
			}
			if !encrypted {
				t.Errorf("the aws provider's secretKey is not stored as a secret with ciphertext:\n%.2000s", raw)
			}
			if !strings.Contains(string(raw), `"team":"payments"`) && !strings.Contains(string(raw), `"team": "payments"`) {
				t.Error("the stored checkpoint does not hold the update's tags")
			}

			d.must("destroy", "--yes")
			if live := d.srv.Live(); len(live) != 0 {
				t.Errorf("%d resources left after destroy", len(live))
			}
			took := time.Since(start)

			// Every operation is in the history, in the backend and through the CLI.
			if h := st.history(t); len(h) != 3 {
				t.Errorf("stored history has %d updates, want 3 (up, update, destroy): %v", len(h), h)
			}
			hist, err := d.open().Auto().History(context.Background(), 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, u := range hist {
				kinds = append(kinds, u.Kind+":"+u.Result)
			}
			if strings.Join(kinds, " ") != "destroy:succeeded update:succeeded update:succeeded" {
				t.Errorf("history = %v", kinds)
			}
			t.Logf("lifecycle on %s (%d resources): %s [%s]", b.name, created, took.Round(100*time.Millisecond), strings.Join(d.timings, ", "))
			t.Logf("BACKEND %s lifecycle %s resources %s", b.name, took.Round(100*time.Millisecond), strconv.Itoa(created))
		})
	}
}
