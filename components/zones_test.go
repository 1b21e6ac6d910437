package components

import (
	"slices"
	"strings"
	"testing"
)

func TestPickZonesSkipsZonesWithoutV2Links(t *testing.T) {
	names := []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"}
	ids := []string{"use1-az4", "use1-az6", "use1-az3", "use1-az1", "use1-az2", "use1-az5"}
	got, err := PickZones("us-east-1", names, ids, 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"us-east-1a", "us-east-1b", "us-east-1d"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v (us-east-1c is use1-az3, unsupported by V2 links)", got, want)
	}
}

func TestPickZonesRefusesTooFew(t *testing.T) {
	names := []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"}
	ids := []string{"use1-az4", "use1-az6", "use1-az3", "use1-az1", "use1-az2", "use1-az5"}
	_, err := PickZones("us-east-1", names, ids, 6)
	if err == nil || !strings.Contains(err.Error(), "5 usable availability zones") || !strings.Contains(err.Error(), "us-east-1c (use1-az3)") {
		t.Errorf("error = %v, want it to count 5 usable zones and name the skipped one", err)
	}
}

func TestPickZonesUnlistedRegionUsesAll(t *testing.T) {
	got, err := PickZones("eu-west-1", []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}, []string{"euw1-az1", "euw1-az2", "euw1-az3"}, 3)
	if err != nil || len(got) != 3 {
		t.Errorf("got %v, %v", got, err)
	}
}
