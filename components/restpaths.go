package components

import (
	"fmt"
	"slices"
	"strings"
)

// RestResource is one resource of a REST API's tree.
type RestResource struct {
	// Path of the resource, like /api/orders or /api/{proxy+}.
	Path string
	// ParentPath is the path of the parent resource; "/" for the root resource.
	ParentPath string
	// PathPart is the last segment of Path.
	PathPart string
	// Slug names the resource's Pulumi children: api-orders, api-proxy.
	Slug string
}

// RestResources returns the resources a REST API needs so that each prefix and everything below it
// (prefix/{proxy+}) exist: the prefix's ancestors once, then the prefix, then its proxy child.
// Prefixes may share ancestors (/v1/orders and /v1/users share /v1). The result is sorted by path,
// so every parent comes before its children and the order does not depend on the input's.
func RestResources(prefixes []string) ([]RestResource, error) {
	byPath := map[string]RestResource{}
	slugs := map[string]string{}
	add := func(path string) error {
		if _, ok := byPath[path]; ok {
			return nil
		}
		i := strings.LastIndex(path, "/")
		parent := path[:i]
		if parent == "" {
			parent = "/"
		}
		slug := strings.ReplaceAll(strings.TrimPrefix(path, "/"), "/", "-")
		slug = strings.ReplaceAll(slug, "{proxy+}", "proxy")
		if other, dup := slugs[slug]; dup {
			return fmt.Errorf("paths %s and %s would share the resource name %q; rename one", other, path, slug)
		}
		slugs[slug] = path
		byPath[path] = RestResource{Path: path, ParentPath: parent, PathPart: path[i+1:], Slug: slug}
		return nil
	}
	for _, p := range prefixes {
		if !strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") || strings.Contains(p, "//") {
			return nil, fmt.Errorf("path prefix %q must start with /, not end with one, and have no empty segment", p)
		}
		segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
		for i := range segs {
			if err := add("/" + strings.Join(segs[:i+1], "/")); err != nil {
				return nil, err
			}
		}
		if err := add(p + "/{proxy+}"); err != nil {
			return nil, err
		}
	}
	out := make([]RestResource, 0, len(byPath))
	for _, r := range byPath {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b RestResource) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}
