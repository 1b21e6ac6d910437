package components

import (
	"strings"
	"testing"
)

func TestRestResourcesSharesAncestors(t *testing.T) {
	got, err := RestResources([]string{"/v1/users", "/v1/orders", "/health-api"})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range got {
		lines = append(lines, r.Path+" <- "+r.ParentPath+" ("+r.PathPart+", "+r.Slug+")")
	}
	want := []string{
		"/health-api <- / (health-api, health-api)",
		"/health-api/{proxy+} <- /health-api ({proxy+}, health-api-proxy)",
		"/v1 <- / (v1, v1)",
		"/v1/orders <- /v1 (orders, v1-orders)",
		"/v1/orders/{proxy+} <- /v1/orders ({proxy+}, v1-orders-proxy)",
		"/v1/users <- /v1 (users, v1-users)",
		"/v1/users/{proxy+} <- /v1/users ({proxy+}, v1-users-proxy)",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestRestResourcesRefusesSlugClash(t *testing.T) {
	_, err := RestResources([]string{"/a-b", "/a/b"})
	if err == nil || !strings.Contains(err.Error(), `share the resource name "a-b"`) {
		t.Errorf("error = %v", err)
	}
}

func TestRestResourcesRefusesBadPrefix(t *testing.T) {
	for _, p := range []string{"api", "/api/", "/a//b", ""} {
		if _, err := RestResources([]string{p}); err == nil {
			t.Errorf("%q accepted", p)
		}
	}
}
