package gen

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
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
		pkg, diags, err := schema.BindSpec(spec, offline{}, schema.ValidationOptions{})
		if err != nil {
			return nil, fmt.Errorf("binding the schema: %w", err)
		}
		if diags.HasErrors() {
			return nil, fmt.Errorf("binding the schema: %v", diags)
		}
		var files map[string][]byte
		switch lang {
		case "nodejs":
			files, err = nodejs.GeneratePackage(tool, pkg, nil, nil, false, offline{})
		case "python":
			files, err = python.GeneratePackage(tool, pkg, nil, offline{})
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
	// Remove what the generator no longer writes; installed dependencies and build output stay.
	for _, lang := range []string{"nodejs", "python"} {
		err := filepath.WalkDir(filepath.Join(dir, lang), func(path string, d os.DirEntry, err error) error {
			if os.IsNotExist(err) {
				return nil
			}
			if err != nil {
				return err
			}
			if d.IsDir() {
				if skippedDir(d.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			if _, ok := files[filepath.ToSlash(rel)]; !ok && d.Name() != "package-lock.json" {
				return os.Remove(path)
			}
			return nil
		})
		if err != nil {
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

// offline is the schema loader of a package that references no other: vpclink's schema has no aws
// $ref (its outputs are plain ids, ARNs, names and URLs), so loading another package is a bug.
type offline struct{}

func (offline) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the vpclink schema references package %s; it must reference none", pkg)
}

func (o offline) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return o.LoadPackage(d.Name, nil)
}

func (offline) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the vpclink schema references package %s; it must reference none", pkg)
}

func (o offline) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return o.LoadPackageReference(d.Name, nil)
}

// skippedDir reports whether a directory under an SDK is not the generator's: installed
// dependencies, build output, byte-compiled Python.
func skippedDir(name string) bool {
	return name == "node_modules" || name == "bin" || name == "__pycache__"
}
