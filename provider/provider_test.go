package provider_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"

	"github.com/vpclink/vpclink/provider"
	"github.com/vpclink/vpclink/provider/gen"
)

const regenerate = "regenerate with scripts/gen-provider.sh (from the repository root), then review and commit the diff"

// servedSchema is the schema the provider serves, as `pulumi package get-schema` gets it.
func servedSchema(t *testing.T) map[string]any {
	t.Helper()
	prov, err := provider.New()
	if err != nil {
		t.Fatal(err)
	}
	spec, err := p.GetSchema(context.Background(), provider.Name, provider.Version, prov)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func goldenSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSchemaGolden: schema.json is what the provider serves. It drifts when a component, an
// argument or a doc comment changes.
func TestSchemaGolden(t *testing.T) {
	got, want := servedSchema(t), goldenSchema(t)
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Fatalf("provider/schema.json is not the schema the provider serves; %s.\n%s", regenerate, firstDiff(string(w), string(g)))
	}
}

// TestSchemaContents: every component of components/ and Vpclink, no aws reference, and a
// description on every resource, type and property.
func TestSchemaContents(t *testing.T) {
	s := goldenSchema(t)
	resources := s["resources"].(map[string]any)
	want := []string{"vpclink:index:Vpclink"}
	for _, c := range []string{"AccessLogBucket", "Alb", "ApiGatewayAccount", "CloudMap", "Cluster", "CustomDomain", "FargateService", "HttpApi", "HttpLink", "Network", "Nlb", "PrivateEndpoint", "RestApi", "RestLink", "UsagePlans", "WebAcl"} {
		want = append(want, "vpclink:components:"+c)
	}
	for _, tok := range want {
		if r, ok := resources[tok].(map[string]any); !ok || r["isComponent"] != true {
			t.Errorf("%s is not a component of the schema", tok)
		}
	}
	if len(resources) != len(want) {
		t.Errorf("%d resources, want %d", len(resources), len(want))
	}
	b, _ := json.Marshal(s)
	if bytes.Contains(b, []byte(`"aws:`)) || bytes.Contains(b, []byte(`/aws/`)) {
		t.Error("the schema references the aws package; outputs must be plain values")
	}
	for _, kind := range []string{"resources", "types"} {
		for tok, v := range s[kind].(map[string]any) {
			r := v.(map[string]any)
			if r["description"] == "" || r["description"] == nil {
				t.Errorf("%s has no description", tok)
			}
			for _, key := range []string{"properties", "inputProperties"} {
				props, _ := r[key].(map[string]any)
				for name, pv := range props {
					if d, _ := pv.(map[string]any)["description"].(string); d == "" {
						t.Errorf("%s.%s.%s has no description: give its Go field a doc comment", tok, key, name)
					}
				}
			}
		}
	}
}

// TestDocsGenerated: docs_gen.go holds the doc comments of the sources as they are.
func TestDocsGenerated(t *testing.T) {
	want, err := gen.Docs("..")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("docs_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("provider/docs_gen.go is out of date with the doc comments; %s.\n%s", regenerate, firstDiff(string(want), string(got)))
	}
}

// TestSDKsGenerated: sdk/nodejs and sdk/python are what the generator makes of schema.json, file
// for file.
func TestSDKsGenerated(t *testing.T) {
	schema, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.SDKs(schema)
	if err != nil {
		t.Fatal(err)
	}
	var onDisk []string
	for _, lang := range []string{"nodejs", "python"} {
		root := filepath.Join("..", "sdk", lang)
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "bin" || d.Name() == "__pycache__") { // what npm, tsc and compileall add
				return filepath.SkipDir
			}
			if !d.IsDir() {
				rel, _ := filepath.Rel(filepath.Join("..", "sdk"), path)
				onDisk = append(onDisk, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("..", "sdk", filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("sdk/%s is missing; %s", name, regenerate)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("sdk/%s is not what the generator makes of provider/schema.json; %s.\n%s", name, regenerate, firstDiff(string(want), string(got)))
		}
	}
	for _, name := range onDisk {
		if _, ok := files[name]; !ok && !strings.HasSuffix(name, "package-lock.json") {
			t.Errorf("sdk/%s is not generated any more; %s", name, regenerate)
		}
	}
}

// firstDiff shows the first line where got differs from want.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		wl, gl := "", ""
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "first difference at line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return "(they differ only in formatting)"
}
