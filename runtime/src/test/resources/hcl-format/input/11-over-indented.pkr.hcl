      locals {
            a = 1
        }
