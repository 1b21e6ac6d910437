package components

import (
	"fmt"
	"strings"
)

// v2LinkZones lists, per Region, the availability zone IDs where API Gateway supports HTTP API (V2)
// VPC links. A V2 link whose subnets sit in another zone fails to create (aws-facts A9). Regions not
// listed support every zone. Source: API Gateway developer guide, http-api-vpc-links,
// "Availability by Region".
var v2LinkZones = map[string][]string{
	"us-east-1":      {"use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"},
	"us-east-2":      {"use2-az1", "use2-az2", "use2-az3"},
	"us-west-1":      {"usw1-az1", "usw1-az3"},
	"us-west-2":      {"usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"},
	"ap-east-1":      {"ape1-az2", "ape1-az3"},
	"ap-south-1":     {"aps1-az1", "aps1-az2", "aps1-az3"},
	"ap-northeast-2": {"apne2-az1", "apne2-az2", "apne2-az3"},
	"ap-southeast-1": {"apse1-az1", "apse1-az2", "apse1-az3"},
}

// PickZones chooses n availability zones of region, in the order AWS lists them, skipping the zones
// where HTTP API VPC links are not supported so that switching a stack to an HTTP frontend later
// never has to move its subnets. names and ids are the parallel lists aws.GetAvailabilityZones
// returns.
func PickZones(region string, names, ids []string, n int) ([]string, error) {
	if len(names) != len(ids) {
		return nil, fmt.Errorf("availability zone lookup returned %d names but %d ids", len(names), len(ids))
	}
	supported := map[string]bool{}
	for _, id := range v2LinkZones[region] {
		supported[id] = true
	}
	var picked, skipped []string
	for i, name := range names {
		if len(supported) > 0 && !supported[ids[i]] {
			skipped = append(skipped, fmt.Sprintf("%s (%s)", name, ids[i]))
			continue
		}
		if len(picked) < n {
			picked = append(picked, name)
		}
	}
	if len(picked) < n {
		msg := fmt.Sprintf("region %s has %d usable availability zones (%s), %d requested",
			region, len(picked), strings.Join(picked, ", "), n)
		if len(skipped) > 0 {
			msg += "; skipped because HTTP API VPC links do not support them: " + strings.Join(skipped, ", ")
		}
		return nil, fmt.Errorf("%s", msg)
	}
	return picked, nil
}
