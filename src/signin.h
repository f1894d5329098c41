/*
** signin.h: what stands between an anonymous stranger and argon2id
** (issue 14 item 8): a limit on failed sign-ins per network, with back-off,
** and a bound on how many passwords are hashed at once.
**
** Both live in this process's memory, not the database: they are checked
** before any database work, cost nothing under attack (no writes, no
** write lock), and a restart forgetting them loses little, because the
** lock per account and network (users.c, table login_lock) is in the
** database and still limits guessing at any one account.
*/
#ifndef OVERSIGHT_SIGNIN_H
#define OVERSIGHT_SIGNIN_H

#include <time.h>

/* Failures from one network within SIGNIN_WINDOW seconds before it is
** refused for a while; the first refusal lasts SIGNIN_BLOCK_FIRST seconds
** and each one after doubles, up to SIGNIN_BLOCK_MAX. A network with no
** failure for SIGNIN_FORGET seconds starts afresh. The window keeps an
** office behind one address, mistyping now and then all day, from ever
** reaching the limit; a guesser reaches it in seconds. */
#define SIGNIN_NET_FAILURES 30
#define SIGNIN_WINDOW 900
#define SIGNIN_BLOCK_FIRST 60
#define SIGNIN_BLOCK_MAX 3600
#define SIGNIN_FORGET 3600

/* The network an address belongs to, which limits and locks key on: an
** IPv4 address as it is, an IPv6 address's /64 (a home or office is given
** a whole /64, so one attacker holds billions of addresses), "unknown"
** when there is none (the command line, tests). */
#define SIGNIN_NET_MAX 56
void signin_network(const char *zClient, char out[SIGNIN_NET_MAX]);

/* Seconds before zClient's network may try to sign in again; 0 if now. */
long signin_wait(const char *zClient, time_t now);
/* Count a failed sign-in from zClient's network at now. Returns the length
** in seconds of the refusal this failure starts, or 0 if none starts. */
long signin_failed(const char *zClient, time_t now);
/* Forget every network (each test starts clean). */
void signin_reset(void);

/* Hashing slots: at most signin_hash_slots() argon2id computations run at
** once (64 MiB and a core each), so a burst of sign-ins cannot take every
** worker thread and starve other pages. signin_hash_begin() returns 1 with
** a slot (give it back with signin_hash_end()), or 0 when none came free
** within a short wait: the caller answers 503 rather than queue. */
int signin_hash_slots(void);
int signin_hash_begin(void);
void signin_hash_end(void);

#endif
