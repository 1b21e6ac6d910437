package gen

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is the generator's name in the generated files' headers.
const tool = "vpclink-gen"

// SDKs generates the Node.js and Python SDKs of the schema: file paths (nodejs/..., python/...)
// to contents.
func SDKs(schemaJSON []byte) (map[string][]byte, error) {
	var spec schema.PackageSpec
	if err := json.Unmarshal(schemaJSON, &spec); err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	out := map[string][]byte{}
	for _, lang := range []string{"nodejs", "python"} {
		// Each generator imports its language section into the package, so bind it anew.
		pkg, diags, err := schema.BindSpec(spec, nil, schema.ValidationOptions{})
		if err != nil {
			return nil, fmt.Errorf("binding the schema: %w", err)
		}
		if diags.HasErrors() {
			return nil, fmt.Errorf("binding the schema: %v", diags)
		}
		var files map[string][]byte
		switch lang {
		case "nodejs":
			files, err = nodejs.GeneratePackage(tool, pkg, nil, nil, false, nil)
		case "python":
			files, err = python.GeneratePackage(tool, pkg, nil, nil)
		}
		if err != nil {
			return nil, fmt.Errorf("generating the %s SDK: %w", lang, err)
		}
		for name, b := range files {
			out[filepath.ToSlash(filepath.Join(lang, name))] = b
		}
	}
	return out, nil
}

// WriteSDKs regenerates dir/nodejs and dir/python from the schema file, removing what the
// generator no longer writes.
func WriteSDKs(schemaPath, dir string) error {
	b, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	files, err := SDKs(b)
	if err != nil {
		return err
	}
	for _, lang := range []string{"nodejs", "python"} {
		if err := os.RemoveAll(filepath.Join(dir, lang)); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
