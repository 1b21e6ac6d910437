package components

import (
	"fmt"
	"math/bits"
	"net/netip"
)

// SubnetLayout is the private and public subnet CIDR blocks vpclink carves out of a VPC, one of
// each per availability zone, in availability-zone order.
type SubnetLayout struct {
	Private []string
	Public  []string
}

// Subnet sizes AWS accepts for an IPv4 subnet or VPC: /16 (65 536 addresses) to /28 (16).
// Source: AWS VPC User Guide, "Subnet CIDR blocks".
const (
	minPrefix = 16
	maxPrefix = 28
	// maxPrivatePrefix is the smallest subnet an ALB or NLB accepts (/27 with 8 free addresses);
	// the private subnets hold the load balancers. Source: Elastic Load Balancing, "Subnets for
	// your load balancer".
	maxPrivatePrefix = 27
)

// PlanSubnets splits cidr into one private and one public subnet per availability zone.
//
// Private subnets hold everything vpclink runs (tasks, load balancers, VPC link and endpoint ENIs),
// so they get the space: the VPC is cut into the smallest power-of-two number of equal blocks that
// leaves one block spare, the first n blocks become the private subnets, and the spare block is cut
// again into n public subnets, which only hold NAT gateways. For 10.0.0.0/16 and two zones that is
// two /18 private subnets and two /19 public subnets; for three zones, three /18 and three /20.
//
// It fails when the VPC block is not a valid /16 to /28 network, the private subnets would be
// smaller than the /27 load balancers need, or the public ones smaller than AWS's /28 minimum.
func PlanSubnets(cidr string, n int) (SubnetLayout, error) {
	if n < 1 {
		return SubnetLayout{}, fmt.Errorf("availability zone count %d must be at least 1", n)
	}
	vpc, err := netip.ParsePrefix(cidr)
	if err != nil || !vpc.Addr().Is4() {
		return SubnetLayout{}, fmt.Errorf("%q is not an IPv4 CIDR block like 10.0.0.0/16", cidr)
	}
	if vpc.Masked() != vpc {
		return SubnetLayout{}, fmt.Errorf("%q has host bits set; the network address is %s", cidr, vpc.Masked())
	}
	if vpc.Bits() < minPrefix || vpc.Bits() > maxPrefix {
		return SubnetLayout{}, fmt.Errorf("%q must be between /%d and /%d (AWS VPC limits)", cidr, minPrefix, maxPrefix)
	}
	privatePrefix := vpc.Bits() + ceilLog2(n+1)
	publicPrefix := privatePrefix + ceilLog2(n)
	if privatePrefix > maxPrivatePrefix {
		return SubnetLayout{}, fmt.Errorf("%q is too small for %d availability zones: private subnets would be /%d, and load balancers need at least /%d with 8 free addresses; use a /%d or larger",
			cidr, n, privatePrefix, maxPrivatePrefix, vpc.Bits()-(privatePrefix-maxPrivatePrefix))
	}
	if publicPrefix > maxPrefix {
		return SubnetLayout{}, fmt.Errorf("%q is too small for %d availability zones: public subnets would be /%d, AWS allows at most /%d; use a /%d or larger",
			cidr, n, publicPrefix, maxPrefix, vpc.Bits()-(publicPrefix-maxPrefix))
	}
	layout := SubnetLayout{}
	for i := range n {
		layout.Private = append(layout.Private, nthSubnet(vpc, privatePrefix, i).String())
	}
	spare := nthSubnet(vpc, privatePrefix, n)
	for i := range n {
		layout.Public = append(layout.Public, nthSubnet(spare, publicPrefix, i).String())
	}
	return layout, nil
}

// ceilLog2 returns the smallest k with 2^k >= n, for n >= 1.
func ceilLog2(n int) int {
	if n <= 1 {
		return 0
	}
	return bits.Len(uint(n - 1))
}

// nthSubnet returns the i-th block of size /prefix inside parent.
func nthSubnet(parent netip.Prefix, prefix, i int) netip.Prefix {
	base := parent.Addr().As4()
	v := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	v += uint32(i) << (32 - prefix)
	addr := netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
	return netip.PrefixFrom(addr, prefix)
}
