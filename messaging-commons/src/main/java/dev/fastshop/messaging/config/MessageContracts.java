package dev.fastshop.messaging.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.fastshop.contracts.Address;
import dev.fastshop.contracts.Attachment;
import dev.fastshop.contracts.EmailJob;
import dev.fastshop.contracts.ImageJob;
import dev.fastshop.contracts.InvoiceJob;
import dev.fastshop.contracts.InvoiceLine;
import dev.fastshop.contracts.JobCompleted;
import dev.fastshop.contracts.JobFailed;
import dev.fastshop.contracts.JobType;
import dev.fastshop.contracts.Money;
import dev.fastshop.contracts.OrderCancelled;
import dev.fastshop.contracts.OrderPlaced;
import dev.fastshop.contracts.ProductChanged;

/**
 * Every message record crosses JSON through an ObjectMapper the services call themselves (outbox rows, job bodies,
 * outcomes), which a native image cannot see from a REST signature: registered for reflection here, once for every
 * service that sends or reads messages. {@code .ci/native-check.sh} asserts they reach the native-image config.
 */
@RegisterForReflection(targets = {Address.class, Attachment.class, EmailJob.class, ImageJob.class,
        InvoiceJob.class, InvoiceLine.class, JobCompleted.class, JobFailed.class, JobType.class, Money.class,
        OrderCancelled.class, OrderPlaced.class, ProductChanged.class, ProductChanged.Change.class})
public final class MessageContracts {

    private MessageContracts() {
    }
}
