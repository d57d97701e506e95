/** Long-polling: events over plain request/response for clients that cannot hold a stream. */
package dev.herald.longpoll;
