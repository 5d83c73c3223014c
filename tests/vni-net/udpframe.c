// SPDX-License-Identifier: GPL-2.0-only
/*
 * udpframe: send one IPv4/UDP frame through a packet socket, with a right
 * or a deliberately wrong UDP checksum. A packet socket bypasses the
 * stack, so the frame leaves with no checksum offload state: what the
 * receiver does with a bad checksum is then up to the device between.
 *
 *   udpframe IFACE DST-MAC SRC-IP DST-IP PORT PAYLOAD [good|bad]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define HDRS (14 + 20 + 8)

static uint32_t sum16(const uint8_t *p, size_t len, uint32_t sum)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static int usage(void)
{
	fprintf(stderr, "usage: udpframe IFACE DST-MAC SRC-IP DST-IP PORT PAYLOAD [good|bad]\n");
	return 2;
}

int main(int argc, char **argv)
{
	uint8_t frame[HDRS + 1024] = { 0 }, *ip = frame + 14, *udp = ip + 20;
	struct sockaddr_ll to = { .sll_family = AF_PACKET };
	struct in_addr src, dst;
	struct ifreq ifr = { 0 };
	unsigned mac[6], port;
	size_t plen, ulen;
	uint16_t csum;
	bool bad;
	int fd;

	if (argc < 7 || argc > 8)
		return usage();
	bad = argc == 8 && !strcmp(argv[7], "bad");
	if (argc == 8 && !bad && strcmp(argv[7], "good"))
		return usage();
	plen = strlen(argv[6]);
	port = (unsigned)strtoul(argv[5], NULL, 10);
	if (sscanf(argv[2], "%x:%x:%x:%x:%x:%x", &mac[0], &mac[1], &mac[2],
		   &mac[3], &mac[4], &mac[5]) != 6 ||
	    !inet_aton(argv[3], &src) || !inet_aton(argv[4], &dst) ||
	    !port || port > 65535 || plen > sizeof(frame) - HDRS)
		return usage();
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP));
	if (fd < 0) {
		perror("udpframe: socket");
		return 1;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr)) {
		fprintf(stderr, "udpframe: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (int i = 0; i < 6; i++)
		frame[i] = (uint8_t)mac[i];
	memcpy(frame + 6, ifr.ifr_hwaddr.sa_data, 6);
	put16(frame + 12, ETH_P_IP);

	ulen = 8 + plen;
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(20 + ulen));
	ip[8] = 64;
	ip[9] = IPPROTO_UDP;
	memcpy(ip + 12, &src, 4);
	memcpy(ip + 16, &dst, 4);
	put16(ip + 10, fold(sum16(ip, 20, 0)));

	put16(udp, 40000);
	put16(udp + 2, (uint16_t)port);
	put16(udp + 4, (uint16_t)ulen);
	memcpy(udp + 8, argv[6], plen);
	/* Pseudo header (addresses, protocol, length), then header and data. */
	csum = fold(sum16(udp, ulen, sum16(ip + 12, 8,
					     IPPROTO_UDP + (uint32_t)ulen)));
	if (!csum)
		csum = 0xffff;
	/* Wrong but never 0, which would mean "no checksum" in IPv4. */
	if (bad)
		csum = csum == 0x1234 ? 0x4321 : 0x1234;
	put16(udp + 6, csum);

	to.sll_ifindex = (int)if_nametoindex(argv[1]);
	to.sll_halen = 6;
	memcpy(to.sll_addr, frame, 6);
	if (sendto(fd, frame, HDRS + plen, 0, (struct sockaddr *)&to,
		   sizeof(to)) != (ssize_t)(HDRS + plen)) {
		perror("udpframe: sendto");
		return 1;
	}
	close(fd);
	return 0;
}
