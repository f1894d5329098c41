/*
** signin.c: the per-network limit on failed sign-ins and the bound on
** concurrent password hashing (see signin.h for why they are in memory).
*/
#include "signin.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---- Networks --------------------------------------------------------------- */

void signin_network(const char *zClient, char out[SIGNIN_NET_MAX]) {
  unsigned char a[16];
  if (!zClient || !*zClient) {
    snprintf(out, SIGNIN_NET_MAX, "unknown");
  } else if (strchr(zClient, ':') && inet_pton(AF_INET6, zClient, a) == 1) {
    /* An IPv4 address seen through an IPv6 socket is one address, not a /64. */
    static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(a, v4mapped, 12) == 0) {
      snprintf(out, SIGNIN_NET_MAX, "%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
      return;
    }
    memset(a + 8, 0, 8);
    char z[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, a, z, sizeof z);
    snprintf(out, SIGNIN_NET_MAX, "%s/64", z);
  } else {
    /* IPv4, or something only a test would pass ("test"): used as it is. */
    snprintf(out, SIGNIN_NET_MAX, "%.*s", SIGNIN_NET_MAX - 1, zClient);
  }
}

/* ---- Failures per network --------------------------------------------------- */

/* Fixed size so an attacker with many addresses cannot grow our memory;
** when full, the network quiet longest is forgotten first. */
#define NSLOT 1024

static struct NetSlot {
  char zNet[SIGNIN_NET_MAX];  /* "" when free */
  int nFail;                  /* failures since firstFail */
  time_t firstFail;           /* start of the window they are counted in */
  int nBlock;                 /* refusals so far: the back-off doubles with each */
  time_t lastFail;
  time_t blockedUntil;
} aSlot[NSLOT];
static pthread_mutex_t slotMutex = PTHREAD_MUTEX_INITIALIZER;

/* The slot of zNet, or NULL; the caller holds slotMutex. */
static struct NetSlot *slot_find(const char *zNet, time_t now) {
  for (int i = 0; i < NSLOT; i++) {
    struct NetSlot *p = &aSlot[i];
    if (!p->zNet[0] || strcmp(p->zNet, zNet) != 0) continue;
    if (now - p->lastFail > SIGNIN_FORGET && p->blockedUntil <= now) {
      p->zNet[0] = 0;
      return NULL;
    }
    return p;
  }
  return NULL;
}

static struct NetSlot *slot_new(const char *zNet) {
  struct NetSlot *pOld = &aSlot[0];
  for (int i = 0; i < NSLOT; i++) {
    if (!aSlot[i].zNet[0]) {
      pOld = &aSlot[i];
      break;
    }
    if (aSlot[i].lastFail < pOld->lastFail) pOld = &aSlot[i];
  }
  memset(pOld, 0, sizeof *pOld);
  snprintf(pOld->zNet, sizeof pOld->zNet, "%s", zNet);
  return pOld;
}

long signin_wait(const char *zClient, time_t now) {
  char zNet[SIGNIN_NET_MAX];
  signin_network(zClient, zNet);
  pthread_mutex_lock(&slotMutex);
  struct NetSlot *p = slot_find(zNet, now);
  long wait = p && p->blockedUntil > now ? (long)(p->blockedUntil - now) : 0;
  pthread_mutex_unlock(&slotMutex);
  return wait;
}

long signin_failed(const char *zClient, time_t now) {
  char zNet[SIGNIN_NET_MAX];
  signin_network(zClient, zNet);
  pthread_mutex_lock(&slotMutex);
  struct NetSlot *p = slot_find(zNet, now);
  if (!p) p = slot_new(zNet);
  long block = 0;
  /* A failure while refused cannot happen through user_login (it does not
  ** try); if another caller reports one, it neither counts nor extends. */
  if (p->blockedUntil <= now) {
    if (p->nFail == 0 || now - p->firstFail > SIGNIN_WINDOW) {
      p->nFail = 0;
      p->firstFail = now;
    }
    p->nFail++;
    p->lastFail = now;
    if (p->nFail >= SIGNIN_NET_FAILURES) {
      block = SIGNIN_BLOCK_FIRST;
      for (int i = 0; i < p->nBlock && block < SIGNIN_BLOCK_MAX; i++) block *= 2;
      if (block > SIGNIN_BLOCK_MAX) block = SIGNIN_BLOCK_MAX;
      p->blockedUntil = now + block;
      p->nBlock++;
      p->nFail = 0;
    }
  }
  pthread_mutex_unlock(&slotMutex);
  return block;
}

void signin_reset(void) {
  pthread_mutex_lock(&slotMutex);
  memset(aSlot, 0, sizeof aSlot);
  pthread_mutex_unlock(&slotMutex);
}

/* ---- Hashing slots ---------------------------------------------------------- */

/* How long a sign-in waits for a slot: about two hashes. Longer would hold
** a worker thread that other pages need; the 503 says try again. */
#define HASH_WAIT_MS 100

static pthread_mutex_t hashMutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hashFree = PTHREAD_COND_INITIALIZER;
static int nHashing, nWaiting, nSlots;

int signin_hash_slots(void) {
  pthread_mutex_lock(&hashMutex);
  if (!nSlots) {
    /* Half the cores, one or two: argon2id is all CPU and memory, so more
    ** at once only makes each slower while pages wait for a core. */
    long n = sysconf(_SC_NPROCESSORS_ONLN) / 2;
    nSlots = n >= 2 ? 2 : 1;
  }
  int n = nSlots;
  pthread_mutex_unlock(&hashMutex);
  return n;
}

int signin_hash_begin(void) {
  int slots = signin_hash_slots();
  pthread_mutex_lock(&hashMutex);
  if (nHashing >= slots) {
    /* Only as many may wait as may hash: a crowd waiting would itself hold
    ** every worker thread. */
    if (nWaiting >= slots) {
      pthread_mutex_unlock(&hashMutex);
      return 0;
    }
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += HASH_WAIT_MS * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
      until.tv_sec++;
      until.tv_nsec -= 1000000000L;
    }
    nWaiting++;
    int rc = 0;
    while (nHashing >= slots && rc != ETIMEDOUT) rc = pthread_cond_timedwait(&hashFree, &hashMutex, &until);
    nWaiting--;
    if (nHashing >= slots) {
      pthread_mutex_unlock(&hashMutex);
      return 0;
    }
  }
  nHashing++;
  pthread_mutex_unlock(&hashMutex);
  return 1;
}

void signin_hash_end(void) {
  pthread_mutex_lock(&hashMutex);
  if (nHashing > 0) nHashing--;
  pthread_cond_signal(&hashFree);
  pthread_mutex_unlock(&hashMutex);
}
