// SPDX-License-Identifier: GPL-2.0-only
/*
 * mint_ipi_test: proves that a module can use the Mint inter-node IPI API.
 * On load it registers a handler and rings the APIC ID given as "target";
 * "received" counts the handler's calls on this kernel's CPUs.
 */

#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/sysfs.h>
#include <asm/mint_ipi.h>

static unsigned int target;
module_param(target, uint, 0444);
MODULE_PARM_DESC(target, "APIC ID to ring once on load");

static atomic_t received = ATOMIC_INIT(0);

static int received_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&received));
}

static const struct kernel_param_ops received_ops = {
	.get = received_get,
};
module_param_cb(received, &received_ops, NULL, 0444);
MODULE_PARM_DESC(received, "Mint IPIs this module's handler saw");

/* Runs in hard interrupt context on the CPU that took the IPI. */
static int mint_ipi_test_notify(struct notifier_block *nb, unsigned long action,
				void *data)
{
	atomic_inc(&received);
	return NOTIFY_OK;
}

static struct notifier_block mint_ipi_test_nb = {
	.notifier_call = mint_ipi_test_notify,
};

static int __init mint_ipi_test_init(void)
{
	int err;

	err = mint_ipi_register_handler(&mint_ipi_test_nb);
	if (err)
		return err;
	err = mint_ipi_send(target);
	if (err)
		mint_ipi_unregister_handler(&mint_ipi_test_nb);
	return err;
}

static void __exit mint_ipi_test_exit(void)
{
	mint_ipi_unregister_handler(&mint_ipi_test_nb);
}

module_init(mint_ipi_test_init);
module_exit(mint_ipi_test_exit);
MODULE_DESCRIPTION("Mint inter-node IPI test module");
MODULE_LICENSE("GPL");
