package components

import (
	"slices"
	"strings"
	"testing"
)

func TestPlanSubnets(t *testing.T) {
	tests := []struct {
		cidr            string
		zones           int
		private, public []string
	}{
		{"10.0.0.0/16", 2, []string{"10.0.0.0/18", "10.0.64.0/18"}, []string{"10.0.128.0/19", "10.0.160.0/19"}},
		{"10.0.0.0/16", 3, []string{"10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"}, []string{"10.0.192.0/20", "10.0.208.0/20", "10.0.224.0/20"}},
		{"10.0.0.0/16", 4, []string{"10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19", "10.0.96.0/19"}, []string{"10.0.128.0/21", "10.0.136.0/21", "10.0.144.0/21", "10.0.152.0/21"}},
		{"10.0.0.0/16", 6,
			[]string{"10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19", "10.0.96.0/19", "10.0.128.0/19", "10.0.160.0/19"},
			[]string{"10.0.192.0/22", "10.0.196.0/22", "10.0.200.0/22", "10.0.204.0/22", "10.0.208.0/22", "10.0.212.0/22"}},
		{"172.16.0.0/24", 2, []string{"172.16.0.0/26", "172.16.0.64/26"}, []string{"172.16.0.128/27", "172.16.0.160/27"}},
		{"192.168.0.0/22", 3, []string{"192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24"}, []string{"192.168.3.0/26", "192.168.3.64/26", "192.168.3.128/26"}},
	}
	for _, tt := range tests {
		got, err := PlanSubnets(tt.cidr, tt.zones)
		if err != nil {
			t.Fatalf("PlanSubnets(%s, %d): %v", tt.cidr, tt.zones, err)
		}
		if !slices.Equal(got.Private, tt.private) || !slices.Equal(got.Public, tt.public) {
			t.Errorf("PlanSubnets(%s, %d) = %v / %v, want %v / %v", tt.cidr, tt.zones, got.Private, got.Public, tt.private, tt.public)
		}
	}
}

func TestPlanSubnetsRefuses(t *testing.T) {
	tests := []struct {
		cidr  string
		zones int
		want  string
	}{
		{"10.0.0.0/26", 3, "too small for 3 availability zones"},
		{"10.0.0.0/26", 2, "private subnets would be /28"},
		{"10.0.0.0/25", 4, "private subnets would be /28"},
		{"10.0.0.0/8", 2, "between /16 and /28"},
		{"10.0.0.1/16", 2, "host bits set"},
		{"not-a-cidr", 2, "not an IPv4 CIDR"},
		{"2001:db8::/56", 2, "not an IPv4 CIDR"},
	}
	for _, tt := range tests {
		_, err := PlanSubnets(tt.cidr, tt.zones)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("PlanSubnets(%s, %d) error = %v, want it to say %q", tt.cidr, tt.zones, err, tt.want)
		}
	}
}

// Every layout must stay inside the VPC, never overlap and respect AWS's /28 minimum.
func TestPlanSubnetsNeverOverlap(t *testing.T) {
	for bits := 16; bits <= 26; bits++ {
		for zones := 2; zones <= 6; zones++ {
			cidr := "10.0.0.0/" + itoa(bits)
			got, err := PlanSubnets(cidr, zones)
			if err != nil {
				continue
			}
			all := append(slices.Clone(got.Private), got.Public...)
			for i, a := range all {
				for j, b := range all {
					if i != j && overlaps(a, b) {
						t.Fatalf("%s with %d zones: %s overlaps %s", cidr, zones, a, b)
					}
				}
				if !overlaps(a, cidr) {
					t.Fatalf("%s with %d zones: %s is outside the VPC", cidr, zones, a)
				}
			}
		}
	}
}
