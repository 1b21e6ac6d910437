package components

import (
	"net/netip"
	"strconv"
)

func itoa(i int) string { return strconv.Itoa(i) }

func overlaps(a, b string) bool {
	pa, pb := netip.MustParsePrefix(a), netip.MustParsePrefix(b)
	return pa.Overlaps(pb)
}
