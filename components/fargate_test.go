package components

import (
	"strings"
	"testing"
)

func TestValidateFargateSizeAccepts(t *testing.T) {
	for _, p := range [][2]int{{256, 512}, {256, 2048}, {512, 1024}, {512, 4096}, {1024, 8192}, {2048, 16384}, {4096, 30720}, {8192, 61440}, {16384, 122880}, {16384, 32768}} {
		if err := ValidateFargateSize(p[0], p[1]); err != nil {
			t.Errorf("cpu %d memory %d: %v", p[0], p[1], err)
		}
	}
}

func TestValidateFargateSizeRefuses(t *testing.T) {
	tests := []struct {
		cpu, mem int
		want     string
	}{
		{256, 4096, "memory 4096 is not allowed with cpu 256; allowed: 512, 1024, 2048"},
		{512, 512, "allowed: 1024 to 4096 in steps of 1024"},
		{1024, 1536, "allowed: 2048 to 8192 in steps of 1024"},
		{8192, 20000, "allowed: 16384 to 61440 in steps of 4096"},
		{300, 512, "cpu 300 is not a Fargate CPU value; allowed: 256, 512, 1024, 2048, 4096, 8192, 16384"},
	}
	for _, tt := range tests {
		err := ValidateFargateSize(tt.cpu, tt.mem)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ValidateFargateSize(%d, %d) = %v, want %q", tt.cpu, tt.mem, err, tt.want)
		}
	}
}

// The table must hold exactly the pairs of aws-facts E1.
func TestFargateTableMatchesAwsFacts(t *testing.T) {
	counts := map[int]int{256: 3, 512: 4, 1024: 7, 2048: 13, 4096: 23, 8192: 12, 16384: 12}
	for cpu, n := range counts {
		if got := len(fargateSizes[cpu]); got != n {
			t.Errorf("cpu %d: %d memory values, want %d", cpu, got, n)
		}
	}
}
