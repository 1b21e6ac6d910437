package stacks

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// The program's defaults that path overrides start from in a project without a config block are
// the ones Pulumi.yaml declares.
func TestProgramDefaultsAreWhatPulumiYamlDeclares(t *testing.T) {
	proj, err := workspace.LoadProject(filepath.Join(projectDir, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Keys() {
		d, ok := programDefault(k)
		if !ok {
			t.Errorf("no program default for %s", k)
			continue
		}
		want, _ := json.Marshal(proj.Config[Namespace+":"+k].Default)
		got, _ := json.Marshal(d)
		if string(got) != string(want) {
			t.Errorf("%s: program default %s, Pulumi.yaml %s", k, got, want)
		}
	}
}
