// Copyright (c) The terraform-provider-devopsagent authors
// SPDX-License-Identifier: MPL-2.0

package emulator

import (
	"encoding/xml"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// connectionBody is a connection as the API renders it. Optional members are left out
// when they do not apply, as the API reference says ("only present when ...").
type connectionBody struct {
	Name                    string `json:"name"`
	Type                    string `json:"type"`
	Status                  string `json:"status"`
	HostAddress             string `json:"hostAddress,omitempty"`
	VpcID                   string `json:"vpcId,omitempty"`
	ResourceGatewayID       string `json:"resourceGatewayId,omitempty"`
	ResourceConfigurationID string `json:"resourceConfigurationId,omitempty"`
	// CertificateExpiryTime is a date-time string: the SDK reads this member with
	// smithytime.ParseDateTime, not as epoch seconds.
	CertificateExpiryTime string `json:"certificateExpiryTime,omitempty"`
}

// connectionWithTags is the Create and Describe answer. The tags member is always sent,
// as {} when the connection has none: the SDK reads either form, and always sending it
// matches ListTagsForResource, where the member is required.
type connectionWithTags struct {
	connectionBody
	Tags map[string]string `json:"tags"`
}

func renderConnection(c Connection) connectionBody {
	body := connectionBody{
		Name:                    c.Name,
		Type:                    c.Type,
		Status:                  c.Status,
		HostAddress:             c.HostAddress,
		VpcID:                   c.VpcID,
		ResourceGatewayID:       c.ResourceGatewayID,
		ResourceConfigurationID: c.ResourceConfigurationID,
	}
	if c.CertificateExpiryTime != nil {
		body.CertificateExpiryTime = c.CertificateExpiryTime.UTC().Format(time.RFC3339)
	}
	return body
}

func renderWithTags(c Connection) connectionWithTags {
	tags := maps.Clone(c.Tags)
	if tags == nil {
		tags = map[string]string{}
	}
	return connectionWithTags{connectionBody: renderConnection(c), Tags: tags}
}

func notFound(name string) reply {
	return jsonError("ResourceNotFoundException",
		fmt.Sprintf("Private connection %q was not found", name))
}

// invalid counts and renders a failed validation. Callers hold e.mu.
func (e *Emulator) invalid(c *checker) reply {
	e.stats.ValidationErrors++
	return c.reply()
}

// invalidJSON answers a body that does not parse. Callers hold e.mu.
func (e *Emulator) invalidJSON(err error) reply {
	e.stats.ValidationErrors++
	return validationError(err.Error(), nil)
}

// checkName validates the {name} label that every per-connection path carries.
// Callers hold e.mu.
func (e *Emulator) checkName(name string) (reply, bool) {
	c := &checker{}
	c.name(name)
	if c.failed() {
		return e.invalid(c), false
	}
	return reply{}, true
}

func (e *Emulator) createConnection(body []byte, now time.Time) reply {
	obj, err := decodeObject(body)
	if err != nil {
		return e.invalidJSON(err)
	}
	in, c := checkCreate(obj)
	if c.failed() {
		return e.invalid(c)
	}
	// Names are unique whatever the status, including a connection still being deleted.
	if _, ok := e.conns[in.name]; ok {
		return jsonError("ConflictException",
			fmt.Sprintf("Private connection %q already exists", in.name))
	}

	conn := Connection{Name: in.name, Tags: maps.Clone(in.tags), CreatedAt: now}
	if conn.Tags == nil {
		conn.Tags = map[string]string{}
	}
	prefix := fmt.Sprintf("arn:%s:vpc-lattice:%s:%s:",
		e.opts.Partition, e.opts.Region, e.opts.AccountID)
	switch {
	case in.service != nil:
		s := in.service
		conn.Type = TypeServiceManaged
		conn.HostAddress, conn.VpcID = s.hostAddress, s.vpcID
		conn.SubnetIDs, conn.SecurityGroupIDs = s.subnetIDs, s.securityGroupIDs
		conn.IPAddressType, conn.IPv4AddressesPerENI = s.ipAddressType, s.ipv4PerENI
		conn.PortRanges = s.portRanges
		conn.Certificate, conn.CertificateExpiryTime = s.certificate, s.expiry
		conn.ResourceGatewayID = prefix + "resourcegateway/rgw-" + e.randomString(lowerAlnum, 17)
	case in.self != nil:
		s := in.self
		conn.Type = TypeSelfManaged
		conn.RequestedResourceConfigurationID = s.resourceConfigurationID
		// The API answers the ARN even when the short rcfg- id was sent.
		conn.ResourceConfigurationID = s.resourceConfigurationID
		if !isARN(s.resourceConfigurationID) {
			conn.ResourceConfigurationID = prefix + "resourceconfiguration/" +
				s.resourceConfigurationID
		}
		conn.Certificate, conn.CertificateExpiryTime = s.certificate, s.expiry
	}

	rec := &record{conn: conn, failCreate: e.takeFailNext(StatusCreateFailed, in.name)}
	rec.setStatus(StatusCreateInProgress, now)
	e.conns[in.name] = rec
	// With no create delay the first answer already carries the final status.
	e.settle(now)
	return jsonReply(http.StatusOK, renderWithTags(rec.conn))
}

func isARN(id string) bool {
	return strings.HasPrefix(id, "arn:")
}

func (e *Emulator) describeConnection(name string) reply {
	if rep, ok := e.checkName(name); !ok {
		return rep
	}
	rec, ok := e.conns[name]
	if !ok {
		return notFound(name)
	}
	return jsonReply(http.StatusOK, renderWithTags(rec.conn))
}

func (e *Emulator) listConnections() reply {
	conns := e.sortedConnections()
	list := make([]connectionBody, len(conns))
	for i, c := range conns {
		list[i] = renderConnection(c)
	}
	return jsonReply(http.StatusOK, map[string]any{"privateConnections": list})
}

func (e *Emulator) deleteConnection(name string, now time.Time) reply {
	if rep, ok := e.checkName(name); !ok {
		return rep
	}
	rec, ok := e.conns[name]
	if !ok {
		return notFound(name)
	}
	switch rec.conn.Status {
	case StatusCreateInProgress:
		return jsonError("ConflictException", fmt.Sprintf(
			"Private connection %q is still being created; delete it once it is %s or %s",
			name, StatusActive, StatusCreateFailed))
	case StatusDeleteInProgress:
		// Deleting again while a delete runs is accepted and changes nothing.
	default:
		// ACTIVE, CREATE_FAILED and DELETE_FAILED all start a fresh delete.
		rec.failDelete = e.takeFailNext(StatusDeleteFailed, name)
		rec.setStatus(StatusDeleteInProgress, now)
	}
	return jsonReply(http.StatusOK, map[string]string{
		"name":   name,
		"status": StatusDeleteInProgress,
	})
}

func (e *Emulator) updateCertificate(name string, body []byte) reply {
	obj, err := decodeObject(body)
	if err != nil {
		return e.invalidJSON(err)
	}
	c := &checker{}
	c.name(name)
	cert, ok := c.str(obj, "certificate", "/certificate", true)
	var expiry time.Time
	if ok {
		expiry, _ = c.certificate("/certificate", cert)
	}
	if c.failed() {
		return e.invalid(c)
	}

	rec, ok := e.conns[name]
	if !ok {
		return notFound(name)
	}
	if rec.conn.Status != StatusActive {
		return jsonError("ConflictException", fmt.Sprintf(
			"Private connection %q is %s; its certificate can be updated only when it is %s",
			name, rec.conn.Status, StatusActive))
	}
	rec.conn.Certificate = cert
	rec.conn.CertificateExpiryTime = &expiry
	return jsonReply(http.StatusOK, renderConnection(rec.conn))
}

// checkARN validates a tagging call's resource ARN. It returns the connection name and
// whether the ARN's partition, region and account are this emulator's; a well-formed
// ARN elsewhere names a resource that does not exist here.
func (e *Emulator) checkARN(c *checker, arn string) (string, bool) {
	m := connARNPattern.FindStringSubmatch(arn)
	if m == nil || !namePattern.re.MatchString(m[4]) {
		c.fail("/resourceArn", "Member must be a private connection ARN: "+
			"arn:<partition>:aidevops:<region>:<account-id>:private-connection/<name>")
		return "", false
	}
	ours := m[1] == e.opts.Partition && m[2] == e.opts.Region && m[3] == e.opts.AccountID
	return m[4], ours
}

func (e *Emulator) lookupARN(arn, name string, ours bool) (*record, reply, bool) {
	rec, ok := e.conns[name]
	if !ours || !ok {
		return nil, jsonError("ResourceNotFoundException",
			fmt.Sprintf("Resource %s was not found", arn)), false
	}
	return rec, reply{}, true
}

func (e *Emulator) tagResource(arn string, body []byte) reply {
	obj, err := decodeObject(body)
	if err != nil {
		return e.invalidJSON(err)
	}
	c := &checker{}
	name, ours := e.checkARN(c, arn)
	tags, ok := c.strMap(obj, "tags", "/tags", true)
	if ok {
		c.tags("/tags", tags)
	}
	if c.failed() {
		return e.invalid(c)
	}

	rec, rep, ok := e.lookupARN(arn, name, ours)
	if !ok {
		return rep
	}
	maps.Copy(rec.conn.Tags, tags)
	// The service answers 204 with no body; the SDK reads nothing from it.
	return reply{status: http.StatusNoContent}
}

func (e *Emulator) untagResource(arn string, query url.Values) reply {
	c := &checker{}
	name, ours := e.checkARN(c, arn)
	keys := query["tagKeys"]
	if len(keys) == 0 {
		c.fail("/tagKeys", "Member must not be null")
	}
	for i, k := range keys {
		c.tagKey(pointer("/tagKeys", strconv.Itoa(i)), k)
	}
	if c.failed() {
		return e.invalid(c)
	}

	rec, rep, ok := e.lookupARN(arn, name, ours)
	if !ok {
		return rep
	}
	for _, k := range keys {
		delete(rec.conn.Tags, k)
	}
	return reply{status: http.StatusNoContent}
}

func (e *Emulator) listTags(arn string) reply {
	c := &checker{}
	name, ours := e.checkARN(c, arn)
	if c.failed() {
		return e.invalid(c)
	}
	rec, rep, ok := e.lookupARN(arn, name, ours)
	if !ok {
		return rep
	}
	tags := maps.Clone(rec.conn.Tags)
	if tags == nil {
		tags = map[string]string{}
	}
	return jsonReply(http.StatusOK, map[string]any{"tags": tags})
}

// getCallerIdentity answers in STS's XML shape, for the emulator's only identity.
func (e *Emulator) getCallerIdentity(requestID string) reply {
	type result struct {
		Arn     string
		UserID  string `xml:"UserId"`
		Account string
	}
	doc := struct {
		XMLName  xml.Name `xml:"GetCallerIdentityResponse"`
		XMLNS    string   `xml:"xmlns,attr"`
		Result   result   `xml:"GetCallerIdentityResult"`
		Metadata struct {
			RequestID string `xml:"RequestId"`
		} `xml:"ResponseMetadata"`
	}{XMLNS: stsNamespace}
	doc.Result = result{
		Arn:     fmt.Sprintf("arn:%s:iam::%s:user/emulator", e.opts.Partition, e.opts.AccountID),
		UserID:  e.userID,
		Account: e.opts.AccountID,
	}
	doc.Metadata.RequestID = requestID
	return xmlReply(http.StatusOK, doc)
}
