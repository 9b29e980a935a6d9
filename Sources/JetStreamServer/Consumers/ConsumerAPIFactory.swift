import Dispatch
import Foundation
import JetStreamAPI
import JetStreamStore
import Logging
import NATSBroker
import NATSProtocol
import NIOCore
import Synchronization

/// The seam to the consumer engine (broker-cons): the service asks this function for its
/// `$JS.API.CONSUMER.*` handler when it is created. broker-cons replaces this file (or this function)
/// with one returning the real handler; until then CONSUMER.* requests answer 400/10003.
func makeConsumerAPIHandler(service: JetStreamService) -> (any ConsumerAPIHandling)? { nil }
